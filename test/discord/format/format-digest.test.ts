import { describe, expect, it } from 'vitest';
import type { DigestItem, DigestPlan } from '../../../src/core/digest/digest.js';
import type { Subscription } from '../../../src/core/digest/subscription.js';
import { formatSubscriptionList, renderDigestMessage } from '../../../src/discord/format/format-digest.js';
import { embedLength } from '../../../src/discord/format/format-message.js';
import {
  EMBED_DESCRIPTION_MAX,
  EMBED_TITLE_MAX,
  EMBEDS_PER_MESSAGE_MAX,
  EMBEDS_TOTAL_MAX,
  MESSAGE_CONTENT_MAX,
} from '../../../src/discord/limits.js';

function item(n: number, overrides: Partial<DigestItem> = {}): DigestItem {
  return {
    id: `p${n}`,
    title: `Paper ${n}`,
    authors: ['A. One', 'B. Two', 'C. Three', 'D. Four'],
    year: 2024,
    venue: 'NeurIPS',
    summary: `Summary of paper ${n}. It says something.`,
    links: [
      { kind: 'page', url: `https://example.org/${n}`, label: 'page' },
      { kind: 'pdf', url: `https://example.org/${n}.pdf`, label: 'PDF' },
    ],
    firstSeen: '2025-03-01T00:00:00.000Z',
    ...overrides,
  };
}

function plan(overrides: Partial<DigestPlan> = {}): DigestPlan {
  return {
    subscriptionId: 7,
    topic: 'graph',
    section: 'new',
    items: [item(1), item(2)],
    moreNew: 0,
    restarted: false,
    empty: null,
    since: '2025-03-01T00:00:00.000Z',
    lastDigestAt: '2025-03-01T08:00:00.000Z',
    corpusChangedAt: '2025-02-27T10:00:00.000Z',
    generatedAt: '2025-03-02T08:00:00.000Z',
    ...overrides,
  };
}

function totalEmbedChars(message: ReturnType<typeof renderDigestMessage>): number {
  return message.embeds.reduce((n, e) => n + embedLength(e), 0);
}

describe('renderDigestMessage', () => {
  it('lists one embed per paper: linked title, byline, summary, links; the date in the footer; never pings', () => {
    const message = renderDigestMessage(plan(), { localDate: '2025-03-02' });
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.content).toBe('📰 **Daily digest** · topic “graph” — **New in the corpus**');
    expect(message.embeds).toHaveLength(2);
    expect(message.embeds[0]).toMatchObject({
      title: '1 · Paper 1',
      url: 'https://example.org/1',
      author: { name: 'A. One, B. Two, C. Three, D. Four · NeurIPS 2024' },
      description: 'Summary of paper 1. It says something.',
    });
    expect(message.embeds[0]!.fields![0]!.value).toContain('[PDF](https://example.org/1.pdf)');
    expect(message.embeds[1]!.footer!.text).toBe('Paperboy · digest #7 · 2025-03-02');
    const preview = renderDigestMessage(plan({ subscriptionId: null }), { localDate: '2025-03-02', label: 'Preview' });
    expect(preview.embeds[1]!.footer!.text).toBe('Paperboy · preview · 2025-03-02');
  });

  it('says plainly that nothing is new, with Discord timestamps, and escapes corpus text', () => {
    const message = renderDigestMessage(
      plan({ section: 'archive', items: [item(1, { title: '@everyone *bold* <@123>' })] }),
      { localDate: '2025-03-02' },
    );
    expect(message.content).toContain('**From the archive**');
    expect(message.content).toContain(
      '-# Nothing new has arrived in the corpus since the last digest \\(<t:1740816000:R>\\); the corpus last changed <t:1740650400:R>.',
    );
    const json = JSON.stringify(message);
    expect(json).not.toMatch(/@everyone/);
    expect(json).not.toContain('<@123>');
    expect(message.embeds[0]!.title).toContain('\\*bold\\*');
  });

  it('says why an empty archive is empty, and still names the digest', () => {
    const message = renderDigestMessage(plan({ section: 'archive', items: [], empty: 'no-match' }), {
      localDate: '2025-03-02',
    });
    expect(message.embeds).toEqual([]);
    expect(message.content).toContain('No paper in the corpus matches the topic “graph” yet.');
    expect(message.content).toContain('-# Paperboy · digest #7 · 2025-03-02');
  });

  it('fits ten papers with huge titles, summaries and links within every Discord limit', () => {
    const long = 'word '.repeat(2000);
    const items = Array.from({ length: 10 }, (_, i) =>
      item(i, {
        title: long,
        summary: long,
        authors: Array.from({ length: 50 }, (_, a) => `Author Number ${a}`),
        links: Array.from({ length: 5 }, (_, l) => ({
          kind: 'url' as const,
          url: `https://example.org/${'x'.repeat(500)}/${l}`,
          label: long,
        })),
      }),
    );
    const message = renderDigestMessage(plan({ items, topic: long }), {
      localDate: '2025-03-02',
      late: { time: '09:00', timezone: 'Europe/Berlin', slotAt: '2025-03-02T08:00:00.000Z' },
    });
    expect(message.content.length).toBeLessThanOrEqual(MESSAGE_CONTENT_MAX);
    expect(message.embeds.length).toBeLessThanOrEqual(EMBEDS_PER_MESSAGE_MAX);
    expect(message.embeds).toHaveLength(10);
    for (const embed of message.embeds) {
      expect(embed.description!.length).toBeLessThanOrEqual(EMBED_DESCRIPTION_MAX);
      expect(embed.description!.length).toBeGreaterThan(50);
      expect(embed.title!.length).toBeLessThanOrEqual(EMBED_TITLE_MAX);
    }
    expect(totalEmbedChars(message)).toBeLessThanOrEqual(EMBEDS_TOTAL_MAX);
    expect(message.content).toContain('Posted late');
  });
});

describe('formatSubscriptionList', () => {
  const sub = (id: number, overrides: Partial<Subscription> = {}): Subscription => ({
    id,
    kind: 'digest',
    guildId: '1',
    channelId: '200000000000000001',
    time: '09:00',
    timezone: 'Europe/Berlin',
    topic: 'graph *nets*',
    max: 5,
    status: 'active',
    statusReason: null,
    createdBy: '3',
    createdAt: '2025-03-01T00:00:00.000Z',
    updatedAt: '2025-03-01T00:00:00.000Z',
    ...overrides,
  });

  it('shows schedule, status and last post; a paused one with its reason', () => {
    const body = formatSubscriptionList(
      [sub(1), sub(2, { status: 'paused', statusReason: 'Missing Access (Discord 50001)' })],
      new Map([[1, '2025-03-02T08:00:00.000Z']]),
    );
    const text = body.embeds[0]!.description!;
    expect(text).toContain('**#1** <#200000000000000001> · 09:00 Europe/Berlin · topic “graph \\*nets\\*” · up to 5');
    expect(text).toContain('✅ active · last posted <t:1740902400:R>');
    expect(text).toContain('⏸️ **paused**: Missing Access \\(Discord 50001\\)');
  });

  it('says how to start when there is none, and cuts a long list at whole entries', () => {
    expect(formatSubscriptionList([], new Map()).content).toContain('/digest subscribe');
    const many = Array.from({ length: 60 }, (_, i) => sub(i + 1, { topic: 'x'.repeat(100) }));
    const text = formatSubscriptionList(many, new Map()).embeds[0]!.description!;
    expect(text.length).toBeLessThanOrEqual(EMBED_DESCRIPTION_MAX);
    expect(text).toMatch(/… and \d+ more$/);
  });
});
