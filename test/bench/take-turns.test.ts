import { describe, expect, it } from 'vitest';
import { takeTurns } from '../../src/bench/take-turns.js';

/** A defer whose tasks run only when the test says a turn of the loop has passed. */
function manualDefer() {
  const tasks: Array<() => void> = [];
  return {
    defer: (task: () => void) => void tasks.push(task),
    turn: () => tasks.shift()?.(),
    get queued() {
      return tasks.length;
    },
  };
}

describe('takeTurns', () => {
  it('runs one call per turn of the loop, in arrival order, none synchronously', async () => {
    const loop = manualDefer();
    const turn = takeTurns(loop.defer);
    const ran: string[] = [];
    const results = ['a', 'b', 'c'].map((name) => turn(() => (ran.push(name), name.toUpperCase())));
    expect(ran).toEqual([]);
    loop.turn();
    expect(ran).toEqual(['a']);
    loop.turn();
    loop.turn();
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(loop.queued).toBe(0);
    expect(await Promise.all(results)).toEqual(['A', 'B', 'C']);
  });

  it('rejects only the call that throws', async () => {
    const loop = manualDefer();
    const turn = takeTurns(loop.defer);
    const failing = turn(() => {
      throw new Error('boom');
    });
    const next = turn(() => 42);
    loop.turn();
    loop.turn();
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe(42);
  });
});
