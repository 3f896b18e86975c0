import type { EventEmitter } from 'node:events';
import { afterAll, afterEach, beforeAll } from 'vitest';

export interface ProcessGuard {
  /** Also fail on `error` events of this emitter (the discord.js client); the listener keeps it from crashing. */
  watch(emitter: EventEmitter, label?: string): void;
  /** Returns and forgets what was caught, for a test that provokes an error on purpose. */
  take(): unknown[];
}

/**
 * Fails the running test on any unhandled rejection, uncaught exception, or `error` event of a watched emitter.
 * discord.js turns a rejected async listener into a client `error` event (captureRejections), so a handler that
 * throws is caught here instead of passing silently. Call once at the top of a test file.
 */
export function failOnProcessErrors(): ProcessGuard {
  const caught: { source: string; error: unknown }[] = [];
  const onRejection = (error: unknown) => caught.push({ source: 'unhandledRejection', error });
  const onException = (error: unknown) => caught.push({ source: 'uncaughtException', error });
  beforeAll(() => {
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
  });
  afterAll(() => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  });
  afterEach(() => {
    const errors = caught.splice(0, caught.length);
    if (errors.length === 0) return;
    const lines = errors.map(
      ({ source, error }) =>
        `  - ${source}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    throw new Error(`process-guard: ${errors.length} error(s) escaped during the test:\n${lines.join('\n')}`);
  });
  return {
    watch(emitter, label = 'client') {
      emitter.on('error', (error: unknown) => caught.push({ source: `${label} 'error' event`, error }));
    },
    take: () => caught.splice(0, caught.length).map((c) => c.error),
  };
}
