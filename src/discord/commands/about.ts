import { ApplicationCommandType } from 'discord.js';
import type { BotStatus, Command, CorpusView } from '../command.js';
import { message } from '../format-message.js';
import { PAPERBOY_COLOR } from '../format-paper-parts.js';
import { escapeText, truncateWords } from '../format-text.js';

/** `3 d 4 h`, `2 h 5 min`, `42 s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60)];
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}

/** Healthy when every shard is ready; the heartbeat round trip says how well. */
function health(status: BotStatus): string {
  const ready = status.shards.filter((s) => s.ready).length;
  const ok = status.shards.length > 0 && ready === status.shards.length;
  const ping = status.gatewayPingMs >= 0 ? `, gateway ${Math.round(status.gatewayPingMs)} ms` : '';
  return `${ok ? 'OK' : 'Degraded'}: ${ready}/${status.shards.length} shards ready${ping}`;
}

export function aboutMessage(corpus: CorpusView, status: BotStatus, now: number) {
  const { index } = corpus;
  const topics = [...new Set(index.papers.map((p) => p.topic).filter((t): t is string => t !== null))];
  const loaded = Math.floor(Date.parse(corpus.loadedAt) / 1000);
  const reload = [
    Number.isFinite(loaded) ? `<t:${loaded}:f> (<t:${loaded}:R>)` : escapeText(corpus.loadedAt),
    ...(corpus.lastChange ? [escapeText(corpus.lastChange)] : []),
    ...(corpus.problems > 0 ? [`${corpus.problems} problem(s) reading the corpus; see \`paperboy corpus check\``] : []),
  ].join('\n');
  const topicText = topics.length > 0 ? escapeText(truncateWords(topics.join(', '), 900)) : '—';
  return message({
    embeds: [
      {
        color: PAPERBOY_COLOR,
        title: 'Paperboy',
        description: 'Questions over a corpus of research papers, answered with the passages that answer them.',
        fields: [
          { name: 'Papers', value: String(index.papers.length), inline: true },
          { name: 'Chunks', value: String(index.chunkCount), inline: true },
          { name: `Topics (${topics.length})`, value: topicText, inline: true },
          { name: 'Last reload', value: reload },
          { name: 'Version', value: escapeText(status.version), inline: true },
          { name: 'Uptime', value: formatDuration(now - status.startedAt), inline: true },
          { name: 'Health', value: health(status), inline: true },
        ],
      },
    ],
  });
}

/** `/about`: the corpus, the version, uptime and health. */
export const aboutCommand = {
  kind: 'slash',
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'about',
    description: 'What Paperboy knows: papers, chunks, topics, last reload, version, uptime and health',
  },
  plan(_interaction, ctx) {
    return { ack: 'private', run: () => ({ body: aboutMessage(ctx.corpus(), ctx.status(), ctx.clock.now()) }) };
  },
} satisfies Command;
