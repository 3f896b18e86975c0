import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { embedLength, fitEmbed, fitEmbeds, message, NO_MENTIONS } from '../../../src/discord/format/format-message.js';
import * as L from '../../../src/discord/limits.js';
import { embedTotal, expectWithinLimits } from '../message-checks.js';

const words = (n: number) => 'word '.repeat(Math.ceil(n / 5)).slice(0, n);

describe('fitEmbed', () => {
  it('leaves parts exactly at their limits untouched', () => {
    const embed: APIEmbed = {
      title: 'a'.repeat(L.EMBED_TITLE_MAX),
      description: 'b'.repeat(L.EMBED_DESCRIPTION_MAX),
      footer: { text: 'c'.repeat(L.EMBED_FOOTER_MAX) },
      fields: [{ name: 'd'.repeat(L.EMBED_FIELD_NAME_MAX), value: 'e'.repeat(L.EMBED_FIELD_VALUE_MAX) }],
    };
    expect(fitEmbed(embed)).toEqual(embed);
  });

  it('cuts each part one over its limit at a space, with a marker', () => {
    const fitted = fitEmbed({
      title: words(L.EMBED_TITLE_MAX + 1),
      description: words(L.EMBED_DESCRIPTION_MAX + 1),
      author: { name: words(L.EMBED_AUTHOR_NAME_MAX + 1) },
      fields: [{ name: words(L.EMBED_FIELD_NAME_MAX + 1), value: words(L.EMBED_FIELD_VALUE_MAX + 1) }],
    });
    expectWithinLimits({ embeds: [fitted] });
    expect(fitted.title).toMatch(/word …$/);
    expect(fitted.description).toMatch(/word …$/);
    const footer = fitEmbed({ footer: { text: words(L.EMBED_FOOTER_MAX + 1) } }).footer!.text;
    expect(footer.length).toBeLessThanOrEqual(L.EMBED_FOOTER_MAX);
    expect(footer).toMatch(/word…$/);
  });

  it('never leaves a dangling escape or an unclosed bold run at a cut', () => {
    const description = `${'\\* '.repeat(2100)}`;
    const fitted = fitEmbed({ description, fields: [{ name: 'n', value: `**${'bold '.repeat(300)}**` }] });
    expect(fitted.description!.length).toBeLessThanOrEqual(L.EMBED_DESCRIPTION_MAX);
    expect(fitted.description).not.toMatch(/(^|[^\\])(\\\\)*\\ …$/);
    expect(fitted.fields![0]!.value.match(/\*\*/g)?.length ?? 0).toBe(0);
  });

  it('keeps at most 25 fields', () => {
    const fields = Array.from({ length: L.EMBED_FIELDS_MAX + 1 }, (_, i) => ({ name: `f${i}`, value: 'v' }));
    expect(fitEmbed({ fields }).fields).toHaveLength(L.EMBED_FIELDS_MAX);
  });
});

describe('fitEmbeds', () => {
  it('keeps embeds that total exactly 6000 characters', () => {
    const embeds = Array.from({ length: 2 }, () => ({ description: 'x'.repeat(L.EMBEDS_TOTAL_MAX / 2) }));
    expect(embedTotal(embeds)).toBe(L.EMBEDS_TOTAL_MAX);
    expect(fitEmbeds(embeds)).toEqual(embeds);
  });

  it('drops trailing fields, then trailing embeds, when one character over', () => {
    const embeds: APIEmbed[] = [
      { description: 'x'.repeat(3000) },
      { description: 'y'.repeat(2990), fields: [{ name: 'n', value: 'v'.repeat(10) }] },
    ];
    expect(embedTotal(embeds)).toBe(L.EMBEDS_TOTAL_MAX + 1);
    const fitted = fitEmbeds(embeds);
    expect(fitted[1]!.fields).toEqual([]);
    expect(embedTotal(fitted)).toBeLessThanOrEqual(L.EMBEDS_TOTAL_MAX);
  });

  it('keeps at most 10 embeds and always the first one', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ title: `t${i}`, description: words(4000) }));
    const fitted = fitEmbeds(many);
    expect(fitted[0]!.title).toBe('t0');
    expectWithinLimits({ embeds: fitted });
    expect(embedLength(fitted[0]!)).toBeGreaterThan(0);
  });
});

describe('message', () => {
  it('never allows a mention, whatever it carries', () => {
    const body = message({ content: '@everyone' });
    expect(body.allowedMentions).toEqual(NO_MENTIONS);
    expect(NO_MENTIONS).toEqual({ parse: [], repliedUser: false });
  });

  it('cuts content one over 2000 and keeps content at exactly 2000', () => {
    expect(message({ content: 'z'.repeat(L.MESSAGE_CONTENT_MAX) }).content).toHaveLength(L.MESSAGE_CONTENT_MAX);
    expect(message({ content: words(L.MESSAGE_CONTENT_MAX + 1) }).content.length).toBeLessThanOrEqual(
      L.MESSAGE_CONTENT_MAX,
    );
  });

  it('keeps at most 5 rows of at most 5 buttons and drops empty rows', () => {
    const button = (i: number) => ({ type: 2 as const, style: 1 as const, custom_id: `b${i}`, label: `${i}` });
    const row = { type: 1 as const, components: Array.from({ length: 6 }, (_, i) => button(i)) };
    const body = message({ components: [{ type: 1, components: [] }, ...Array.from({ length: 6 }, () => row)] });
    expect(body.components).toHaveLength(L.ACTION_ROWS_MAX);
    expect(body.components.every((r) => r.components.length === L.BUTTONS_PER_ROW_MAX)).toBe(true);
  });
});
