import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import type { Fault } from './faults.js';
import type { UploadedFile } from './messages.js';
import {
  isObject,
  type FakeCore,
  type LoggedRequest,
  type RestRequest,
  type RestResponse,
  type RouteDefinition,
  type Violation,
} from './core.js';

/** discord.js puts the version after the base it is given: requests arrive at `/api/v10/...`. */
export const API_PREFIX = '/api/v10';

interface ParsedBody {
  body: unknown;
  files: UploadedFile[];
  error?: string;
}

/** Routes requests, enforces auth, injects faults, logs every request and records violations. */
export class RestServer {
  readonly requests: LoggedRequest[] = [];
  readonly violations: Violation[] = [];
  readonly #core: FakeCore;
  readonly #routes: RouteDefinition[];

  constructor(core: FakeCore, routes: RouteDefinition[]) {
    this.#core = core;
    this.#routes = routes;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const now = this.#core.clock.now();
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const match = url.pathname.startsWith(API_PREFIX) ? this.#match(method, path) : { kind: 'none' as const };
    const route = match.kind === 'found' ? match.route.route : '(unknown)';
    const parsed = await parseBody(req.headers['content-type'] ?? '', raw);
    const request: RestRequest = {
      method,
      path,
      route,
      params: match.kind === 'found' ? match.params : {},
      query: url.searchParams,
      headers: req.headers,
      body: parsed.body,
      files: parsed.files,
      now,
    };

    let response: RestResponse;
    let fault: Fault | undefined;
    if (match.kind === 'none') {
      response = {
        status: 404,
        body: { message: '404: Not Found', code: 0 },
        violation: `no such route: ${method} ${url.pathname}`,
      };
    } else if (match.kind === 'method') {
      response = {
        status: 405,
        body: { message: '405: Method Not Allowed', code: 0 },
        violation: `${method} is not allowed on ${path}`,
      };
    } else if (match.route.auth && req.headers.authorization !== `Bot ${this.#core.world.token}`) {
      response = {
        status: 401,
        body: { message: '401: Unauthorized', code: 0 },
        violation: 'missing or wrong "Authorization: Bot <token>"',
      };
    } else if ((fault = this.#core.faults.take({ method, route, path }))) {
      response = faultResponse(fault, now, route);
    } else if (parsed.error) {
      response = {
        status: 400,
        body: { message: 'The request body contains invalid JSON.', code: 50109 },
        violation: parsed.error,
      };
    } else {
      try {
        response = match.route.handle(request);
      } catch (error) {
        // A bug in the fake, not in the bot: answer 500 and surface it as a violation so the test shows it.
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        response = {
          status: 500,
          body: { message: '500: fake-discord crashed', code: 0 },
          violation: `fake-discord bug: ${message}`,
        };
      }
    }

    this.requests.push({
      at: now,
      method,
      path,
      route,
      query: url.search,
      body: parsed.body,
      files: parsed.files.map((f) => f.filename),
      status: response.status,
      response: response.body,
      ...(fault ? { fault: fault.kind } : {}),
    });
    if (response.violation !== undefined) this.#recordViolation(request, response);
    write(res, response);
    this.#core.changes.notify();
  }

  #recordViolation(request: RestRequest, response: RestResponse): void {
    const body = isObject(response.body) ? response.body : {};
    const code = typeof body.code === 'number' ? body.code : 0;
    this.violations.push({
      at: request.now,
      method: request.method,
      path: request.path,
      route: request.route,
      status: response.status,
      code,
      message: `${request.method} ${request.route} → ${response.status} ${code} ${String(body.message ?? '')}: ${response.violation ?? ''}`,
      body: request.body,
      ...(isObject(body.errors) ? { errors: body.errors as NonNullable<Violation['errors']> } : {}),
    });
  }

  #match(
    method: string,
    path: string,
  ): { kind: 'found'; route: RouteDefinition; params: Record<string, string> } | { kind: 'method' } | { kind: 'none' } {
    const segments = path.split('/').slice(1).map(decodeSegment);
    let pathMatched = false;
    // Literal segments beat parameters: `/users/@me` before any `/users/{user_id}`.
    const candidates = this.#routes
      .map((route) => ({ route, params: matchTemplate(route.route, segments) }))
      .filter((c): c is { route: RouteDefinition; params: Record<string, string> } => c.params !== undefined)
      .sort((a, b) => Object.keys(a.params).length - Object.keys(b.params).length);
    for (const candidate of candidates) {
      pathMatched = true;
      if (candidate.route.method === method) return { kind: 'found', ...candidate };
    }
    return pathMatched ? { kind: 'method' } : { kind: 'none' };
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchTemplate(template: string, segments: string[]): Record<string, string> | undefined {
  const parts = template.split('/').slice(1);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) params[part.slice(1, -1)] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON, or multipart with `payload_json` and `files[n]` as discord.js sends when there are attachments. */
async function parseBody(contentType: string, raw: Buffer): Promise<ParsedBody> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const files: UploadedFile[] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') {
          try {
            body = JSON.parse(value);
          } catch {
            return { body: value, files, error: 'payload_json is not JSON' };
          }
        }
      } else {
        files.push({
          field,
          filename: value.name,
          contentType: value.type || 'application/octet-stream',
          size: value.size,
        });
      }
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), files: [] };
  } catch {
    return { body: text, files: [], error: `body is not JSON (content-type ${JSON.stringify(contentType)})` };
  }
}

function faultResponse(fault: Fault, now: number, route: string): RestResponse {
  switch (fault.kind) {
    case 'rate-limit': {
      const seconds = fault.retryAfterMs / 1000;
      const headers: Record<string, string> = {
        // Discord sends whole seconds in the header and a float in the body; sub-second values keep tests fast.
        'Retry-After': String(seconds),
        'X-RateLimit-Limit': '5',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String((now + fault.retryAfterMs) / 1000),
        'X-RateLimit-Reset-After': String(seconds),
        'X-RateLimit-Bucket': createHash('sha1').update(route).digest('hex').slice(0, 16),
        'X-RateLimit-Scope': fault.scope,
      };
      if (fault.global) headers['X-RateLimit-Global'] = 'true';
      return {
        status: 429,
        headers,
        body: { message: 'You are being rate limited.', retry_after: seconds, global: fault.global, code: 0 },
      };
    }
    case 'server-error':
      return { status: fault.status, body: { message: `${fault.status}: Server Error`, code: 0 } };
    case 'error':
      return { status: fault.status, body: { message: fault.message, code: fault.code } };
  }
}

function write(res: ServerResponse, response: RestResponse): void {
  if (response.status === 204 || response.body === undefined) {
    // discord.js throws on a 204 that carries a JSON content type: send no headers at all.
    res.writeHead(response.status, response.headers ?? {});
    res.end();
    return;
  }
  res.writeHead(response.status, { 'Content-Type': 'application/json', ...response.headers });
  res.end(JSON.stringify(response.body));
}
