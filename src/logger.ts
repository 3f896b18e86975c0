// The one logger factory: structured JSON when the output is not a terminal (containers, files,
// log shippers), pino-pretty when a person is watching. Secrets never leave the process: known
// fields are redacted by path, and every line is scrubbed of the token strings themselves, so a
// token quoted inside an error message or a stack trace is caught too.
import { isatty } from 'node:tty';
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Strings that must never appear in a log line (the bot token). Empty strings are ignored. */
  secrets?: readonly (string | undefined)[];
  /** Where lines go: a file descriptor (default 2, stderr, so stdout stays free for CLI output) or a stream. */
  destination?: number | DestinationStream;
  /** Human-readable lines; default: when the destination is a terminal. */
  pretty?: boolean;
  /** Bound to every line (e.g. `{ shard: 0 }`). */
  base?: Record<string, unknown>;
}

/** Field paths that hold credentials in the objects we (or discord.js errors) log. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'DISCORD_TOKEN',
  '*.DISCORD_TOKEN',
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
  'requestBody.json.token',
];

// Interaction tokens appear in callback and webhook URLs; they are short-lived credentials too.
const URL_TOKEN = /(\/(?:interactions|webhooks)\/\d+\/)[\w.-]{20,}/g;

/**
 * Removes every secret (and interaction tokens in URLs) from a string.
 * @example scrubSecrets('login failed for abc.def', ['abc.def']) // 'login failed for [redacted]'
 */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text.replace(URL_TOKEN, '$1[redacted]');
  for (const secret of secrets) if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]');
  return out;
}

/**
 * Builds the process's logger.
 * @example createLogger({ level: 'info', secrets: [config.DISCORD_TOKEN] }).info({ guild }, 'ready')
 */
export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? 2;
  const usePretty = options.pretty ?? (typeof destination === 'number' && isatty(destination));
  const prettyOptions = { sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' };
  const target: DestinationStream = usePretty
    ? pretty({ ...prettyOptions, destination, colorize: typeof destination === 'number' })
    : typeof destination === 'number'
      ? pino.destination({ dest: destination, sync: true })
      : destination;
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length > 0);
  const scrubbing: DestinationStream = { write: (line: string) => target.write(scrubSecrets(line, secrets)) };
  return pino(
    {
      level: options.level,
      base: options.base ?? null,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    scrubbing,
  );
}
