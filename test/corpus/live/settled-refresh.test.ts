import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SettledRefresh } from '../../../src/corpus/live/settled-refresh.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(refresh: (fingerprint: string) => Promise<unknown> = async () => {}) {
  const state = { fingerprint: 'corpus-v2:a', written: [] as string[], errors: [] as unknown[] };
  const settled = new SettledRefresh({
    refresh: async (fingerprint) => {
      state.written.push(fingerprint);
      await refresh(fingerprint);
    },
    fingerprint: () => state.fingerprint,
    idle: async () => {},
    delayMs: 2_000,
    onError: (error) => state.errors.push(error),
  });
  return { settled, state };
}

describe('SettledRefresh', () => {
  it('writes once, with the fingerprint of then, when changes have been quiet for the delay', async () => {
    const { settled, state } = setup();
    settled.changed();
    await vi.advanceTimersByTimeAsync(1_500);
    state.fingerprint = 'corpus-v2:b';
    settled.changed();
    await vi.advanceTimersByTimeAsync(1_999);
    expect(state.written).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.written).toEqual(['corpus-v2:b']);
  });

  it('writes a due refresh on close, and nothing for changes after it', async () => {
    const { settled, state } = setup();
    settled.changed();
    await settled.close();
    expect(state.written).toEqual(['corpus-v2:a']);
    settled.changed();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.written).toEqual(['corpus-v2:a']);
  });

  it('reports a refresh that failed, and writes the next one', async () => {
    const failure = new Error('disk full');
    let fail = true;
    const { settled, state } = setup(async () => {
      if (fail) throw failure;
    });
    settled.changed();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(state.errors).toEqual([failure]);
    fail = false;
    settled.changed();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(state.written).toHaveLength(2);
    expect(state.errors).toHaveLength(1);
  });
});
