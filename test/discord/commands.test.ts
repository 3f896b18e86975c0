import { ApplicationCommandType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/discord/commands/index.js';
import { commandsDiffer } from '../../src/discord/deploy.js';
import * as L from '../../src/discord/limits.js';

interface OptionJson {
  name: string;
  description: string;
  max_length?: number;
  autocomplete?: boolean;
  choices?: { name: string; value: unknown }[];
  options?: OptionJson[];
}

function totalChars(data: { name: string; description?: string; options?: OptionJson[] }): number {
  const options = (opts: OptionJson[] = []): number =>
    opts.reduce(
      (sum, o) =>
        sum +
        o.name.length +
        o.description.length +
        (o.choices ?? []).reduce((s, c) => s + c.name.length + String(c.value).length, 0) +
        options(o.options),
      0,
    );
  return data.name.length + (data.description?.length ?? 0) + options(data.options);
}

describe('the command list', () => {
  it('has unique names per command type', () => {
    const keys = COMMANDS.map((c) => `${c.data.type}:${c.data.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('respects Discord’s definition limits', () => {
    for (const { data } of COMMANDS) {
      if (data.type === ApplicationCommandType.ChatInput) {
        expect(data.name).toMatch(L.COMMAND_NAME_PATTERN);
        expect(data.name).toBe(data.name.toLowerCase());
        expect(data.description.length).toBeGreaterThan(0);
        expect(data.description.length).toBeLessThanOrEqual(L.COMMAND_DESCRIPTION_MAX);
        const options = (data.options ?? []) as OptionJson[];
        expect(options.length).toBeLessThanOrEqual(L.COMMAND_OPTIONS_MAX);
        for (const o of options) {
          expect(o.name).toMatch(L.COMMAND_NAME_PATTERN);
          expect(o.description.length).toBeLessThanOrEqual(L.COMMAND_DESCRIPTION_MAX);
          expect(o.max_length ?? 0).toBeLessThanOrEqual(L.STRING_OPTION_MAX);
          expect(Boolean(o.autocomplete) && Boolean(o.choices)).toBe(false);
        }
        expect(totalChars({ ...data, options })).toBeLessThanOrEqual(L.COMMAND_TOTAL_MAX);
      } else {
        expect(data.name.length).toBeLessThanOrEqual(32);
      }
    }
  });

  it('caps the question of /ask at a few hundred characters', () => {
    const ask = COMMANDS.find((c) => c.data.name === 'ask')!;
    const question = ((ask.data as { options?: OptionJson[] }).options ?? []).find((o) => o.name === 'question')!;
    expect(question.max_length).toBeGreaterThanOrEqual(100);
    expect(question.max_length).toBeLessThanOrEqual(500);
  });
});

describe('commandsDiffer', () => {
  const ours = COMMANDS.map((c) => c.data);
  /** What Discord answers for our definitions: ids, versions and defaults added. */
  const registered = ours.map((data, i) => ({
    ...data,
    id: `12345678901234567${i}`,
    application_id: '111111111111111111',
    version: '1',
    type: data.type ?? 1,
    description: 'description' in data ? data.description : '',
    default_member_permissions: data.default_member_permissions ?? null,
    nsfw: false,
    contexts: data.contexts ?? null,
    integration_types: [0],
    name_localizations: null,
    options: ((data as { options?: OptionJson[] }).options ?? []).map((o) => ({ ...o, description_localized: 'x' })),
  }));

  it('sees no change when Discord reports our definitions with its own additions, in any order', () => {
    expect(commandsDiffer([...registered].reverse(), ours)).toBe(false);
  });

  it('sees a changed description, a missing command and an extra command', () => {
    expect(
      commandsDiffer(
        registered.map((c, i) => (i === 0 ? { ...c, description: 'old' } : c)),
        ours,
      ),
    ).toBe(true);
    expect(commandsDiffer(registered.slice(1), ours)).toBe(true);
    expect(commandsDiffer([...registered, { ...registered[0]!, name: 'old-command' }], ours)).toBe(true);
  });

  it('sees a changed option limit', () => {
    const changed = registered.map((c) =>
      c.name === 'ask' ? { ...c, options: c.options.map((o) => ({ ...o, max_length: 6000 })) } : c,
    );
    expect(commandsDiffer(changed, ours)).toBe(true);
  });
});
