import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('DATABASE_URL', () => {
  it('is unset by default (SQLite in DATA_DIR), and start-up waits 30 s for a set one', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATABASE_WAIT_SECONDS).toBe(30);
  });

  it('takes a postgres:// or postgresql:// URL', () => {
    for (const url of ['postgres://bot:pw@db:5432/paperboy', 'postgresql://db/paperboy?sslmode=require']) {
      expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
  });

  it('refuses anything else without repeating it (it may hold a password)', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://bot:hunter2@db/paperboy' })).toThrow(
      /^config: DATABASE_URL: \(hidden\) is not a PostgreSQL URL such as postgres:\/\/paperboy@db:5432\/paperboy$/,
    );
    expect(() => loadConfig({ DATABASE_WAIT_SECONDS: 'soon' })).toThrow(/DATABASE_WAIT_SECONDS: "soon"/);
  });
});
