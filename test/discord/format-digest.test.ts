import { describe, expect, it } from 'vitest';
import type { DigestItem, DigestPlan } from '../../src/core/digest.js';
import { renderDigestMessage } from '../../src/discord/format-digest.js';
import {
  EMBED_DESCRIPTION_MAX,
  EMBEDS_PER_MESSAGE_MAX,
  EMBEDS_TOTAL_MAX,
  MESSAGE_CONTENT_MAX,
} from '../../src/discord/limits.js';

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
  return message.embeds.reduce(
    (n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0),
    0,
  );
}

describe('renderDigestMessage', () => {
  it('lists papers with linked titles, byline, summary and further links; never pings', () => {
    const message = renderDigestMessage(plan(), { localDate: '2025-03-02' });
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.content).toContain('topic “graph”');
    expect(message.embeds[0]!.title).toBe('New in the corpus');
    const description = message.embeds[0]!.description!;
    expect(description).toContain('**1. [Paper 1](https://example.org/1)**');
    expect(description).toContain('A. One, B. Two, C. Three et al. · NeurIPS 2024');
    expect(description).toContain('[PDF](https://example.org/1.pdf)');
    expect(message.embeds.at(-1)!.footer!.text).toBe('Paperboy · digest #7 · 2025-03-02');
  });

  it('says plainly that nothing is new, with Discord timestamps, and escapes corpus text', () => {
    const message = renderDigestMessage(
      plan({ section: 'archive', items: [item(1, { title: '@everyone *bold* <@123>' })] }),
      { localDate: '2025-03-02' },
    );
    const description = message.embeds[0]!.description!;
    expect(message.embeds[0]!.title).toBe('From the archive');
    expect(description).toContain(
      'Nothing new has arrived in the corpus since the last digest \\(<t:1740816000:R>\\); the corpus last changed <t:1740650400:R>.',
    );
    expect(description).not.toMatch(/@everyone/);
    expect(description).not.toContain('<@123>');
    expect(description).toContain('\\*bold\\*');
  });

  it('says why an empty archive is empty', () => {
    const message = renderDigestMessage(plan({ section: 'archive', items: [], empty: 'no-match' }), {
      localDate: '2025-03-02',
    });
    expect(message.embeds[0]!.description).toContain('No paper in the corpus matches the topic “graph” yet.');
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
    for (const embed of message.embeds) expect(embed.description!.length).toBeLessThanOrEqual(EMBED_DESCRIPTION_MAX);
    expect(totalEmbedChars(message)).toBeLessThanOrEqual(EMBEDS_TOTAL_MAX);
    expect(message.embeds[0]!.description).toContain('Posted late');
  });
});
