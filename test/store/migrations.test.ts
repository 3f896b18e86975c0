import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { PG_MIGRATIONS } from '../../src/store/postgres/pg-migrations.js';

describe('the two migration lists', () => {
  it('have the same steps, numbered the same, so a schema version means one thing on either engine', () => {
    // A new SQLite step (conversations, alerts, votes…) needs its PostgreSQL twin in pg-migrations.ts.
    expect(PG_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
  });
});
