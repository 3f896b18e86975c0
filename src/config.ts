import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

const SNOWFLAKE = /^\d{17,20}$/;
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
const SHARDS_EXPECTED = "'auto', a whole number of shards (1-1000) or shard ids such as 0-3 (with SHARD_COUNT)";
const SHARD_COUNT_MAX = 1000;
const SHARD_LIST = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;

/** A run of consecutive shard ids, both ends included: `SHARDS=0-3` is `{ first: 0, last: 3 }`. */
export interface ShardRange {
  first: number;
  last: number;
}

/** `0-3,6` → two ranges, as written (a reversed one is reported by the checks below). */
function readShardRanges(text: string): ShardRange[] {
  return text.split(',').map((part) => {
    const [first, last = first] = part.split('-').map(Number) as [number, number?];
    return { first, last };
  });
}

/** Every setting Paperboy reads; `.env.example` documents each one. */
export const ConfigSchema = z.object({
  DISCORD_TOKEN: z
    .string()
    .trim()
    .min(50, 'a bot token from the Discord developer portal (at least 50 characters)')
    .optional(),
  DISCORD_API_BASE: z
    .url({ protocol: /^https?$/, error: 'an http(s) URL such as https://discord.com/api' })
    .default('https://discord.com/api'),
  DISCORD_APPLICATION_ID: z.string().regex(SNOWFLAKE, 'a Discord application id (17-20 digits)').optional(),
  DISCORD_GUILD_ID: z.string().regex(SNOWFLAKE, 'a Discord guild id (17-20 digits)').optional(),
  CORPUS_DIR: z.string().min(1).default('corpus'),
  DATA_DIR: z.string().min(1).default('data'),
  /** Watch CORPUS_DIR while the bot or the terminal chat runs, and apply changes to the index in place. */
  WATCH_CORPUS: z.stringbool({ error: 'true or false' }).default(true),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  SHARDS: z
    .union(
      [
        z.literal('auto'),
        z.coerce
          .number({ error: SHARDS_EXPECTED })
          .int({ error: SHARDS_EXPECTED })
          .min(0, { error: SHARDS_EXPECTED })
          .max(SHARD_COUNT_MAX, { error: SHARDS_EXPECTED }),
        z.string().regex(SHARD_LIST, { error: SHARDS_EXPECTED }).transform(readShardRanges),
      ],
      { error: SHARDS_EXPECTED },
    )
    .default('auto'),
  /**
   * The total number of shards when SHARDS names this machine's shard ids (`SHARDS=0-3`, `SHARD_COUNT=8`):
   * every machine of one bot sets the same count and its own ids.
   */
  SHARD_COUNT: z.coerce
    .number({ error: `a whole number of shards (1-${SHARD_COUNT_MAX})` })
    .int({ error: `a whole number of shards (1-${SHARD_COUNT_MAX})` })
    .min(1, { error: `a whole number of shards (1-${SHARD_COUNT_MAX})` })
    .max(SHARD_COUNT_MAX, { error: `a whole number of shards (1-${SHARD_COUNT_MAX})` })
    .optional(),
  /**
   * With DATABASE_URL, how long the digest leader's lease lasts unrenewed: a dead leader is replaced within
   * this and a third of it (it renews every third). Shorter fails over faster and writes more often.
   */
  LEADER_LEASE_SECONDS: z.coerce
    .number({ error: 'a whole number of seconds (3-600)' })
    .int({ error: 'a whole number of seconds (3-600)' })
    .min(3, { error: 'a whole number of seconds (3-600)' })
    .max(600, { error: 'a whole number of seconds (3-600)' })
    .default(30),
  /**
   * Set by discord.js's ShardingManager in each process it spawns; SHARDS is then that process's shard
   * id (from 0) and SHARD_COUNT the total, both read by discord.js itself.
   */
  SHARDING_MANAGER: z.stringbool({ error: 'true or false' }).default(false),
  /**
   * PostgreSQL for everything durable (`postgres://user:password@host:5432/db`); unset, SQLite in DATA_DIR.
   * Never logged: only its host and database are.
   */
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'a PostgreSQL URL such as postgres://paperboy@db:5432/paperboy')
    .optional(),
  /** How long start-up waits for an unreachable DATABASE_URL before giving up. */
  DATABASE_WAIT_SECONDS: z.coerce
    .number({ error: 'a whole number of seconds (0-3600)' })
    .int({ error: 'a whole number of seconds (0-3600)' })
    .min(0, { error: 'a whole number of seconds (0-3600)' })
    .max(3600, { error: 'a whole number of seconds (0-3600)' })
    .default(30),
});
export type Config = z.infer<typeof ConfigSchema>;

const CheckedConfigSchema = ConfigSchema.superRefine((config, ctx) => {
  const shards = config.SHARDS;
  // Under a ShardingManager, SHARDS is the shard id (zero included) and SHARD_COUNT the total; discord.js reads them.
  if (config.SHARDING_MANAGER) return;
  // Zero shards only makes sense as a shard id, under a ShardingManager. Zod runs this check even after a field
  // failed its own (a negative SHARDS): then that field's message is the one to read.
  if (typeof shards === 'number' && !(shards >= 1 && shards <= SHARD_COUNT_MAX)) {
    if (shards === 0) ctx.addIssue({ code: 'custom', path: ['SHARDS'], message: SHARDS_EXPECTED });
    return;
  }
  if (!Array.isArray(shards)) {
    if (config.SHARD_COUNT !== undefined) {
      const example = typeof shards === 'number' ? `${shards}-${shards}` : '0-3';
      ctx.addIssue({
        code: 'custom',
        path: ['SHARD_COUNT'],
        message: `meaningful without shard ids in SHARDS (SHARDS=${example} runs those shards of SHARD_COUNT)`,
      });
    }
    return;
  }
  const reversed = shards.find((range) => range.last < range.first);
  if (reversed) {
    const written = `${reversed.first}-${reversed.last}`;
    ctx.addIssue({ code: 'custom', path: ['SHARDS'], message: `a range from low to high (${written} is reversed)` });
    return;
  }
  const count = config.SHARD_COUNT;
  if (count === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['SHARDS'],
      message: 'usable without SHARD_COUNT (set the total number of shards, e.g. SHARD_COUNT=8)',
    });
    return;
  }
  const beyond = shards.find((range) => range.last >= count);
  if (beyond) {
    ctx.addIssue({
      code: 'custom',
      path: ['SHARDS'],
      message: `within SHARD_COUNT=${count} (shard ids run 0-${count - 1}; ${beyond.last} is beyond)`,
    });
  }
  const sorted = [...shards].sort((a, b) => a.first - b.first);
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1]!, sorted[i]!];
    if (after.first <= before.last) {
      ctx.addIssue({
        code: 'custom',
        path: ['SHARDS'],
        message: `a list of separate shard ids (shard ${after.first} is named twice)`,
      });
      break;
    }
  }
});

/** Settings whose values are words, matched whatever their case (`LOG_LEVEL=DEBUG`, `SHARDS=Auto`). */
const CASE_INSENSITIVE = new Set(['LOG_LEVEL', 'SHARDS', 'WATCH_CORPUS', 'SHARDING_MANAGER']);
/** Settings written as lists, read without the spaces a person may put after a comma (`SHARDS=0-1, 4-5`). */
const SPACE_FREE = new Set(['SHARDS']);

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates the settings. The only reader of `process.env`; loads `.env` once if present.
 * Empty values count as unset; word values are read in any case. Throws a ConfigError with one line per bad
 * setting: `config: LOG_LEVEL: "loud" is not one of trace, debug, info, warn, error, fatal, silent`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = readProcessEnv()): Config {
  const present = Object.fromEntries(
    Object.keys(ConfigSchema.shape)
      .map((key) => [key, env[key]] as const)
      .filter((entry): entry is readonly [string, string] => entry[1] !== undefined && entry[1].trim() !== '')
      .map(([key, value]) => [key, CASE_INSENSITIVE.has(key) ? value.trim().toLowerCase() : value] as const)
      .map(([key, value]) => [key, SPACE_FREE.has(key) ? value.replace(/\s+/g, '') : value] as const),
  );
  const parsed = CheckedConfigSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '?');
    const shown = key === 'DISCORD_TOKEN' || key === 'DATABASE_URL' ? '(hidden)' : JSON.stringify(env[key]);
    return `config: ${key}: ${shown} is not ${issue.message}`;
  });
  throw new ConfigError([...new Set(lines)].join('\n'));
}

/** What the environment says about the terminal, for the chat and the CLI's answers. */
export interface TerminalSettings {
  /** NO_COLOR set to anything (no-color.org): no colour and no escape sequences at all. */
  noColor: boolean;
  /** The terminal is one known to render OSC 8 hyperlinks (or FORCE_HYPERLINK=1 says so). */
  hyperlinks: boolean;
}

const OSC8_PROGRAMS = new Set(['iTerm.app', 'WezTerm', 'vscode', 'ghostty', 'Hyper', 'Tabby']);
const OSC8_TERMS = new Set(['xterm-kitty', 'xterm-ghostty', 'foot', 'wezterm', 'alacritty']);

/**
 * Reads NO_COLOR and the variables terminals set about themselves. A terminal not known to render OSC 8
 * links gets printed URLs: one that does not would show the bare label, and the link would be lost.
 */
export function terminalSettings(env: NodeJS.ProcessEnv = readProcessEnv()): TerminalSettings {
  const forced = env.FORCE_HYPERLINK;
  const vte = Number(env.VTE_VERSION ?? 0);
  const known =
    OSC8_PROGRAMS.has(env.TERM_PROGRAM ?? '') ||
    OSC8_TERMS.has(env.TERM ?? '') ||
    Boolean(env.WT_SESSION) ||
    Boolean(env.KITTY_WINDOW_ID) ||
    vte >= 5000;
  return {
    noColor: (env.NO_COLOR ?? '') !== '',
    hyperlinks: forced !== undefined && forced !== '' ? forced !== '0' && forced !== 'false' : known,
  };
}

let dotenvLoaded = false;
function readProcessEnv(): NodeJS.ProcessEnv {
  if (!dotenvLoaded) {
    loadDotenv({ quiet: true });
    dotenvLoaded = true;
  }
  return process.env;
}
