// Assertions shared by the unit and end-to-end tests: a message within every Discord limit, and text
// that can neither ping nor render corpus markdown.
import type { APIEmbed } from 'discord.js';
import { expect } from 'vitest';
import * as L from '../../src/discord/limits.js';

/** What Discord would turn into a ping or a mention, anywhere in rendered text. */
export const LIVE_MENTION = /@everyone|@here|<@!?\d+>|<@&\d+>|<#\d+>|<\/[\w-]+:\d+>|<a?:\w+:\d+>|<t:\d+/i;
/** The hostile fixture's own markdown links, rendered live (the link the core finds in its text is fine). */
export const LIVE_HOSTILE_LINK = /(?<!\\)\[(Masked|masked zebrafish link)(?<!\\)\]\(/;

export interface SentMessage {
  content?: string | null | undefined;
  embeds?: readonly APIEmbed[] | undefined;
  components?: readonly object[] | undefined;
}

export function embedTotal(embeds: readonly APIEmbed[]): number {
  return embeds.reduce(
    (sum, e) =>
      sum +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0),
    0,
  );
}

/** Every limit a message must respect. */
export function expectWithinLimits(message: SentMessage): void {
  const embeds = message.embeds ?? [];
  expect((message.content ?? '').length).toBeLessThanOrEqual(L.MESSAGE_CONTENT_MAX);
  expect(embeds.length).toBeLessThanOrEqual(L.EMBEDS_PER_MESSAGE_MAX);
  expect(embedTotal(embeds)).toBeLessThanOrEqual(L.EMBEDS_TOTAL_MAX);
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(L.EMBED_TITLE_MAX);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(L.EMBED_DESCRIPTION_MAX);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(L.EMBED_FOOTER_MAX);
    expect(e.author?.name.length ?? 0).toBeLessThanOrEqual(L.EMBED_AUTHOR_NAME_MAX);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(L.EMBED_FIELDS_MAX);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(L.EMBED_FIELD_NAME_MAX);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(L.EMBED_FIELD_VALUE_MAX);
    }
  }
  const rows = message.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(L.ACTION_ROWS_MAX);
  for (const row of rows as { components?: object[] }[]) {
    const components = row.components ?? [];
    expect(components.length).toBeLessThanOrEqual(L.BUTTONS_PER_ROW_MAX);
    for (const c of components) {
      const id = 'custom_id' in c && typeof c.custom_id === 'string' ? c.custom_id : '';
      expect(id.length).toBeLessThanOrEqual(L.CUSTOM_ID_MAX);
    }
  }
}

/** All the text of a message that Discord renders (markdown and mentions). */
export function renderedText(message: SentMessage): string[] {
  return [
    message.content ?? '',
    ...(message.embeds ?? []).flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      e.author?.name ?? '',
      e.footer?.text ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ];
}

/** No ping, no mention, no corpus masked link anywhere. */
export function expectInert(message: SentMessage): void {
  for (const text of renderedText(message)) {
    expect(text).not.toMatch(LIVE_MENTION);
    expect(text).not.toMatch(LIVE_HOSTILE_LINK);
  }
}
