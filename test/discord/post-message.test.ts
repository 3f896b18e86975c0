import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restPostMessage } from '../../src/discord/post-message.js';

// A real local HTTP server standing in for Discord's one endpoint: each channel id answers differently.
const ANSWERS: Record<string, { status: number; body: unknown }> = {
  '1': { status: 200, body: { id: '555', channel_id: '1', content: 'x' } },
  '2': { status: 403, body: { code: 50013, message: 'Missing Permissions' } },
  '3': { status: 404, body: { code: 10003, message: 'Unknown Channel' } },
  '4': { status: 503, body: { message: 'upstream unavailable' } },
};

let server: Server;
let base: string;
const received: Array<{ url: string; body: unknown }> = [];

async function readBody(request: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    void readBody(request).then((body) => {
      received.push({ url: request.url ?? '', body });
      const channel = /\/channels\/(\d+)\/messages$/.exec(request.url ?? '')?.[1] ?? '';
      const answer = ANSWERS[channel] ?? { status: 500, body: {} };
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function poster() {
  return restPostMessage(new REST({ api: base, retries: 0 }).setToken('test-token'));
}

describe('restPostMessage', () => {
  it('posts the body to the channel and returns the message id', async () => {
    const body = { content: 'hi', nonce: 'd1-20250301', enforce_nonce: true, allowed_mentions: { parse: [] } };
    expect(await poster()('1', body)).toEqual({ ok: true, messageId: '555' });
    expect(received.at(-1)).toEqual({ url: '/api/v10/channels/1/messages', body });
  });

  it('turns Discord errors into status and code values', async () => {
    expect(await poster()('2', { content: 'x' })).toMatchObject({ ok: false, status: 403, code: 50013 });
    expect(await poster()('3', { content: 'x' })).toMatchObject({ ok: false, status: 404, code: 10003 });
    expect(await poster()('4', { content: 'x' })).toMatchObject({ ok: false, status: 503 });
  });

  it('reports an unreachable Discord as status 0', async () => {
    const rest = new REST({ api: 'http://127.0.0.1:9/api', retries: 0, timeout: 2_000 }).setToken('t');
    expect(await restPostMessage(rest)('1', { content: 'x' })).toMatchObject({ ok: false, status: 0, code: null });
  });
});
