/** The same object with every method resolving its result (and rejecting its throw) instead. */
export type Async<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};

/**
 * Wraps a synchronous better-sqlite3 accessor in the store's async interface. Each call still runs
 * whole and alone (better-sqlite3 is synchronous), so a method's transaction is as atomic as before.
 */
export function asAsync<T extends object>(target: T): Async<T> {
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key, object);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          return Promise.resolve((value as (...a: unknown[]) => unknown).apply(object, args));
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
    },
  }) as unknown as Async<T>;
}
