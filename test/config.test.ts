import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, terminalSettings } from '../src/config.js';

function message(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('names a bad setting, quotes its value and lists what it accepts, one line each', () => {
    expect(message({ LOG_LEVEL: 'loud' })).toBe(
      'config: LOG_LEVEL: "loud" is not one of trace, debug, info, warn, error, fatal, silent',
    );
    expect(message({ LOG_LEVEL: 'loud', WATCH_CORPUS: 'maybe' }).split('\n')).toEqual([
      'config: WATCH_CORPUS: "maybe" is not true or false',
      'config: LOG_LEVEL: "loud" is not one of trace, debug, info, warn, error, fatal, silent',
    ]);
    expect(message({ SHARDS: '-1' })).toBe(
      `config: SHARDS: "-1" is not 'auto', a whole number of shards (1-1000) or shard ids such as 0-3 (with SHARD_COUNT)`,
    );
  });

  it('never shows the token', () => {
    expect(message({ DISCORD_TOKEN: 'secret' })).toBe(
      'config: DISCORD_TOKEN: (hidden) is not a bot token from the Discord developer portal (at least 50 characters)',
    );
  });

  it('reads word values in any case', () => {
    expect(loadConfig({ LOG_LEVEL: 'DEBUG', SHARDS: 'Auto', WATCH_CORPUS: 'FALSE' })).toMatchObject({
      LOG_LEVEL: 'debug',
      SHARDS: 'auto',
      WATCH_CORPUS: false,
    });
  });

  it('reads NO_COLOR and whether the terminal is known to render OSC 8 links', () => {
    expect(terminalSettings({})).toEqual({ noColor: false, hyperlinks: false });
    expect(terminalSettings({ NO_COLOR: '1', TERM: 'xterm-256color' })).toEqual({ noColor: true, hyperlinks: false });
    expect(terminalSettings({ NO_COLOR: '' }).noColor).toBe(false);
    expect(terminalSettings({ TERM_PROGRAM: 'iTerm.app' }).hyperlinks).toBe(true);
    expect(terminalSettings({ VTE_VERSION: '7200' }).hyperlinks).toBe(true);
    expect(terminalSettings({ VTE_VERSION: '4600' }).hyperlinks).toBe(false);
    expect(terminalSettings({ TERM_PROGRAM: 'iTerm.app', FORCE_HYPERLINK: '0' }).hyperlinks).toBe(false);
    expect(terminalSettings({ FORCE_HYPERLINK: '1' }).hyperlinks).toBe(true);
  });
});
