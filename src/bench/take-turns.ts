/**
 * Runs synchronous calls one per event-loop turn, in arrival order, the way Paperboy's `serveSearch`
 * serves the bot. The baselines are served through it too, so the burst's stall compares engines —
 * the longest single call each makes the loop wait for — and not how the calls were scheduled.
 */
export function takeTurns(defer: (task: () => void) => void = setImmediate): <T>(call: () => T) => Promise<T> {
  const waiting: Array<() => void> = [];
  let scheduled = false;
  const next = (): void => {
    scheduled = false;
    waiting.shift()?.();
    if (waiting.length > 0) schedule();
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    defer(next);
  };
  return (call) =>
    new Promise((resolve, reject) => {
      waiting.push(() => {
        try {
          resolve(call());
        } catch (error) {
          reject(error);
        }
      });
      schedule();
    });
}
