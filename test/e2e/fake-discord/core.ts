import type { IncomingHttpHeaders } from 'node:http';
import type { APIMessage } from 'discord-api-types/v10';
import type { Changes } from './changes.js';
import type { FakeClock } from './clock.js';
import type { CommandRegistry } from './commands.js';
import { describeIssue, type ErrorResponse, type FormErrors, type FormIssue } from './discord-errors.js';
import type { FaultInjector } from './faults.js';
import type { FakeGateway } from './gateway.js';
import type { InteractionRecord } from './interactions.js';
import type { UploadedFile } from './messages.js';
import type { FakeWorld } from './world.js';

/** The state every part of the fake shares. */
export interface FakeCore {
  clock: FakeClock;
  world: FakeWorld;
  commands: CommandRegistry;
  gateway: FakeGateway;
  faults: FaultInjector;
  changes: Changes;
  interactions: Map<string, InteractionRecord>;
  /** Channel posts sent with `enforce_nonce`, by `channel:nonce`. */
  nonces: Map<string, { message: APIMessage; at: number }>;
  settings: { recommendedShards: number; maxConcurrency: number };
  mint(): string;
}

/** One request as the fake saw it, with what it answered. */
export interface LoggedRequest {
  at: number;
  method: string;
  /** The concrete path below `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  /** The route template, e.g. `/channels/{channel_id}/messages`; `(unknown)` when none matched. */
  route: string;
  query: string;
  body: unknown;
  files: string[];
  status: number;
  response: unknown;
  /** Set when an injected fault produced the answer. */
  fault?: string;
}

/** A rule of Discord's the bot broke. Every one fails the test unless the test takes it (`fake.takeViolations()`). */
export interface Violation {
  at: number;
  method: string;
  path: string;
  route: string;
  status: number;
  /** Discord's JSON error code (50035, 10062, 40060, 50027, 50006, …; 0 for unknown routes and bad auth). */
  code: number;
  /** One line a person can act on. */
  message: string;
  body: unknown;
  errors?: FormErrors;
}

export interface RestRequest {
  method: string;
  path: string;
  route: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  files: UploadedFile[];
  now: number;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** When set, the response is Discord refusing something the bot should not have sent. */
  violation?: string;
}

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  route: string;
  /** Bot routes need `Authorization: Bot <token>`; interaction callbacks and webhooks need none. */
  auth: boolean;
  handle(request: RestRequest): RestResponse;
}

export const ok = (body: unknown): RestResponse => ({ status: 200, body });
export const noContent = (): RestResponse => ({ status: 204 });

/** A refusal that is also a violation: answered like Discord and recorded so the test fails. */
export function refuse(error: ErrorResponse, why: string): RestResponse {
  return { status: error.status, body: error.body, violation: why };
}

export function describeIssues(issues: FormIssue[]): string {
  return issues.map(describeIssue).join('; ');
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
