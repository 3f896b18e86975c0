import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

const SNOWFLAKE = /^\d{17,20}$/;
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
const SHARDS_EXPECTED = "'auto' or a whole number of shards (1-1000)";

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
          .max(1000, { error: SHARDS_EXPECTED }),
      ],
      { error: SHARDS_EXPECTED },
    )
    .default('auto'),
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

// Zero shards only makes sense as a shard id, under a ShardingManager.
const CheckedConfigSchema = ConfigSchema.refine((config) => config.SHARDING_MANAGER || config.SHARDS !== 0, {
  path: ['SHARDS'],
  error: SHARDS_EXPECTED,
});

/** Settings whose values are words, matched whatever their case (`LOG_LEVEL=DEBUG`, `SHARDS=Auto`). */
const CASE_INSENSITIVE = new Set(['LOG_LEVEL', 'SHARDS', 'WATCH_CORPUS', 'SHARDING_MANAGER']);

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
      .map(([key, value]) => [key, CASE_INSENSITIVE.has(key) ? value.trim().toLowerCase() : value] as const),
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
