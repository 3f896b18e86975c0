import type { LeaseDatabase } from '../../src/store/postgres/leader-lease.js';

/**
 * The lease table's two statements, answered in memory as PostgreSQL answers them, for tests of what uses a
 * lease (the lease itself is tested against PostgreSQL). `up = false` makes every query fail as an
 * unreachable server does.
 */
export class MemoryLeaseDatabase implements LeaseDatabase {
  up = true;
  readonly rows = new Map<string, { holder: string; expires: number }>();

  query(text: string, values: unknown[] = []): Promise<{ rowCount: number }> {
    if (!this.up) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    if (/^\s*CREATE TABLE/.test(text)) return Promise.resolve({ rowCount: 0 });
    const [name, holder, expires, now] = values as [string, string, Date?, Date?];
    const row = this.rows.get(name);
    if (expires === undefined || now === undefined) {
      // DELETE … WHERE name = $1 AND holder = $2
      if (row?.holder !== holder) return Promise.resolve({ rowCount: 0 });
      this.rows.delete(name);
      return Promise.resolve({ rowCount: 1 });
    }
    if (row && row.holder !== holder && row.expires > now.getTime()) return Promise.resolve({ rowCount: 0 });
    this.rows.set(name, { holder, expires: expires.getTime() });
    return Promise.resolve({ rowCount: 1 });
  }
}
