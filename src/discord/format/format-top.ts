// `/top` as a message: the voted papers as digest cards, each title headed by its votes.
import type { TopList, TopPeriod } from '../../core/votes/top-papers.js';
import { toDigestItem } from '../../core/digest/digest.js';
import { message, type MessageBody } from './format-message.js';
import { renderPaperCards } from './format-digest.js';
import { escapeText, plainText, truncateWords } from './format-text.js';
import { voteRows } from '../votes/vote-row.js';

const PERIOD_WORDS: Record<TopPeriod, string> = {
  day: 'the last day',
  week: 'the last 7 days',
  month: 'the last 30 days',
  all: 'all time',
};

export interface TopView {
  period: TopPeriod;
  topic: string;
  list: TopList;
}

/**
 * The papers this server voted for most over the period, most first, with a 👍 row to vote from here too.
 * @example formatTop({ period: 'week', topic: '', list: { items: [], gone: 0 } }).content // 'No votes …'
 */
export function formatTop(view: TopView): MessageBody {
  const { items, gone } = view.list;
  const topic = view.topic.trim() === '' ? '' : ` on “${escapeText(truncateWords(view.topic, 120))}”`;
  const when = PERIOD_WORDS[view.period];
  if (items.length === 0) {
    const goneNote = gone > 0 ? ` (${gone} voted paper(s) are no longer in the corpus)` : '';
    return message({
      content:
        `No votes in this server for papers${topic} over ${when} yet${goneNote}. ` +
        'Press 👍 under a digest or a public answer to vote for a paper.',
    });
  }
  const lines = [`🏆 **Top papers in this server** · ${when}${topic}`];
  if (gone > 0) lines.push(`-# ${gone} voted paper(s) are no longer in the corpus and are left out.`);
  const footer = plainText(`Paperboy · votes over ${when} · press 👍 to vote or to take a vote back`);
  const embeds = renderPaperCards(
    items.map((i) => toDigestItem(i.paper, null)),
    footer,
    (position) => `${position} · 👍 ${items[position - 1]?.votes ?? 0}`,
  );
  return message({ content: lines.join('\n'), embeds, components: voteRows(items.map((i) => i.paper.id)) });
}
