import { beforeAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../../src/core/paper/paper.js';
import { loadCorpus } from '../../../src/corpus/read/load-corpus.js';
import { formatPaperCard, formatPaperNotFound } from '../../../src/discord/format/format-paper.js';
import { message } from '../../../src/discord/format/format-message.js';
import { expectInert, expectWithinLimits } from '../message-checks.js';

const CORPUS = new URL('../../fixtures/discord/corpus', import.meta.url).pathname;
let papers: Paper[];

beforeAll(async () => {
  papers = (await loadCorpus(CORPUS)).papers;
});

const byTitle = (pattern: RegExp) => papers.find((p) => pattern.test(p.title))!;

describe('formatPaperCard', () => {
  it('shows title, byline, venue, year, topic, tags with the cut-off count, opening, links and related papers', () => {
    const first = byTitle(/^On the Asymptotics/);
    const card = formatPaperCard(first, [byTitle(/^DropPos/)], []);
    const embed = card.embeds[0]!;
    expect(embed.title).toBe(first.title);
    expect(embed.url).toBe('https://proceedings.mlr.press/v336/tinati26a.html');
    expect(embed.author?.name).toBe('Mohammad Tinati, Stephen Tu · COLT 2026 (PMLR 336)');
    const fields = Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Year).toBe('2026');
    expect(fields.Topic).toBe('pre-training');
    expect(fields.Tags?.split('\n')).toHaveLength(6);
    expect(fields.Tags).toMatch(/^North America › United States › Minnesota/);
    expect(fields.Tags).toMatch(/\+4 more$/);
    expect(fields['Related papers']).toMatch(/^• \[DropPos: .*\]\(https:\/\//);
    expect(embed.description).toMatch(/^Self-supervised pre-training/);
    expect(embed.description!.length).toBeLessThanOrEqual(900);
    expectWithinLimits(message(card));
  });

  it('renders the hostile paper inert: title, authors, venue and text', () => {
    const card = message(formatPaperCard(byTitle(/Zebrafish/), papers.slice(0, 3), papers.slice(3)));
    expectInert(card);
    expectWithinLimits(card);
    expect(card.embeds[0]!.author?.name).toContain('@\u200bhere Mallory');
  });

  it('says when a paper has no text', () => {
    const card = formatPaperCard({ ...papers[0]!, text: '' }, [], []);
    expect(card.embeds[0]!.description).toBe('*No text in the corpus for this paper.*');
  });
});

describe('formatPaperNotFound', () => {
  it('offers close titles, escaped', () => {
    const page = formatPaperNotFound('**zebra** @everyone', [{ kind: 'title', text: '*Zebrafish*', paperId: 'z' }]);
    expect(page.embeds[0]!.description).toBe(
      'No paper matches “\\*\\*zebra\\*\\* @\u200beveryone”.\n\nClosest titles:\n• \\*Zebrafish\\*',
    );
  });
});
