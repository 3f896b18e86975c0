/** Node's network errors: the server is down, restarting, or out of reach. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** SQLSTATEs worth another try: 57P01-03 shutting down or starting, 53300 too many connections, 40001/40P01 lost a race. */
const RETRY_STATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);

/** What pg says when a connection goes away under it, or no connection came in time. */
const DROPPED =
  /connection terminated|connection ended|not queryable|timeout exceeded when trying to connect|Query read timeout/i;

/**
 * Whether a pg error means "the database could not be reached" (retry) rather than "the statement is
 * wrong" (a bug: do not retry). SQLSTATE class 08 is a connection exception.
 */
export function isTransientPgError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || RETRY_STATES.has(code) || code.startsWith('08'))) {
    return true;
  }
  if (error instanceof AggregateError) return error.errors.some(isTransientPgError);
  return DROPPED.test(error.message);
}

/**
 * The database a URL names, safe to log: `host:port/database`, never the user's password.
 * @example describePostgresUrl('postgres://bot:secret@db:5432/paperboy') // 'db:5432/paperboy'
 */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default database)';
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}/${database}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL is not a URL)';
  }
}
