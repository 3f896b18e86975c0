// @ts-check
/* global process, URL */
// `.ci/run` calls this before the tests: the PostgreSQL store suite must run in CI, so a database that
// cannot be reached fails the run here, with the host named (never the URL, which may hold a password).
// Node and the project's own client rather than pg_isready, which is not installed everywhere.
import pg from 'pg';

const url = process.env.TEST_DATABASE_URL;
if (!url) {
  process.stderr.write('check-database: TEST_DATABASE_URL is not set\n');
  process.exit(1);
}
const { hostname, port, pathname } = new URL(url);
const where = `${hostname}:${port || 5432}${pathname}`;
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
try {
  await client.connect();
  const { rows } = await client.query('SHOW server_version');
  process.stdout.write(`check-database: PostgreSQL ${rows[0].server_version} at ${where}\n`);
  await client.end();
} catch (error) {
  process.stderr.write(
    `check-database: PostgreSQL at ${where} cannot be reached: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
