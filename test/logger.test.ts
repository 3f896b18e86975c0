import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../src/logger.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.0123456789abcdefghijklmnopqrstuvwxyzABCD';

function memory(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('createLogger', () => {
  it('writes one JSON object per line when not pretty', () => {
    const out = memory();
    const logger = createLogger({ level: 'info', destination: out.stream, pretty: false });
    logger.info({ command: 'ask' }, 'answered');
    const line = JSON.parse(out.lines()[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, command: 'ask', msg: 'answered' });
  });

  it('never writes the token: not in fields, not in error messages, not in stacks', () => {
    const out = memory();
    const logger = createLogger({ level: 'debug', destination: out.stream, pretty: false, secrets: [TOKEN] });
    const error = new Error(`request with Bot ${TOKEN} failed`);
    logger.error({ err: error, token: TOKEN, config: { DISCORD_TOKEN: TOKEN } }, `login ${TOKEN}`);
    logger.debug({ headers: { authorization: `Bot ${TOKEN}` } }, 'rest');
    const text = out.lines().join('\n');
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('[redacted]');
    expect(text).toContain('request with Bot [redacted] failed');
  });

  it('renders readable lines when pretty is asked for', () => {
    const out = memory();
    const logger = createLogger({ level: 'info', destination: out.stream, pretty: true, secrets: [TOKEN] });
    logger.warn(`bad ${TOKEN}`);
    const text = out.lines().join('\n');
    expect(text).toMatch(/WARN.*bad \[redacted\]/);
    expect(() => JSON.parse(out.lines()[0]!)).toThrow();
  });
});

describe('scrubSecrets', () => {
  it('hides interaction tokens in callback and webhook URLs', () => {
    expect(scrubSecrets('POST /interactions/123/aW50ZXJhY3Rpb246MTIzOmFiYw/callback', [])).toBe(
      'POST /interactions/123/[redacted]/callback',
    );
    expect(scrubSecrets('PATCH /webhooks/42/aW50ZXJhY3Rpb246MTIzOmFiYw/messages/%40original', [])).toBe(
      'PATCH /webhooks/42/[redacted]/messages/%40original',
    );
  });

  it('ignores empty or very short secrets rather than shredding the text', () => {
    expect(scrubSecrets('a b c', ['', 'a'])).toBe('a b c');
  });
});
