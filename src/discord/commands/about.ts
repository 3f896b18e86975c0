import { ApplicationCommandType } from 'discord.js';
import { describeReloadedFiles, summarizeReload, type IndexingProgress } from '../../core/paper/corpus-reload.js';
import { EMPTY_CORPUS_HINT, formatCorpusProblem } from '../../core/paper/format-corpus-problem.js';
import type { CorpusProblem } from '../../core/paper/paper.js';
import type { BotStatus, Command, CorpusView } from '../command.js';
import { message } from '../format/format-message.js';
import { PAPERBOY_COLOR } from '../format/format-paper-parts.js';
import { escapeText, fitPieces, truncateWords } from '../format/format-text.js';
import { EMBED_FIELD_VALUE_MAX } from '../limits.js';

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

/** Files and problems of the last reload listed in `/about`; the rest are counted. */
const RELOAD_LINES = 5;

/** A Discord timestamp (`<t:…:f> (<t:…:R>)`), which each reader sees in their own timezone. */
function when(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(seconds) ? `<t:${seconds}:f> (<t:${seconds}:R>)` : escapeText(iso);
}

/** The first {@link RELOAD_LINES} problems, one line each, then how many more. */
function problemLines(problems: readonly CorpusProblem[]): string[] {
  const lines = problems.slice(0, RELOAD_LINES).map((p) => `⚠️ ${escapeText(formatCorpusProblem(p))}`);
  if (problems.length > RELOAD_LINES) lines.push(`… and ${problems.length - RELOAD_LINES} more problem(s)`);
  return lines;
}

/** The "Last reload" field: when the corpus was loaded or last reloaded live, what changed, and problems. */
function reloadText(corpus: CorpusView): string {
  const reload = corpus.lastReload;
  const count = corpus.problems.length;
  const total = count > 0 ? [`${count} problem(s) in the corpus; see \`paperboy corpus check\``] : [];
  // Until a live reload, the problems listed are those of the corpus as loaded (kept with the snapshot).
  const lines = reload
    ? [
        `${when(reload.at)}: ${escapeText(summarizeReload(reload))}`,
        ...describeReloadedFiles(reload, RELOAD_LINES).map((line) => `• ${escapeText(line)}`),
        ...problemLines(reload.problems),
      ]
    : [when(corpus.loadedAt), ...(corpus.lastChange ? [escapeText(corpus.lastChange)] : [])];
  if (!reload && count > 0) lines.push(...problemLines(corpus.problems));
  // The totals come last but must not be the part cut off: fit the details in what they leave.
  const tail = total.join('\n');
  const room = EMBED_FIELD_VALUE_MAX - (tail ? tail.length + 1 : 0);
  return [fitPieces(lines, room, '\n'), ...total].join('\n');
}

/** What `/about` says of stored votes: this server's count, or null when the bot keeps no votes (no store, a DM). */
export type VotesStored = number | null;

/** The "Indexing" field while a reload runs: the stage, how far, and since when. */
function indexingText(progress: IndexingProgress): string {
  const since = when(progress.startedAt);
  if (progress.stage === 'reading') return `Reading ${progress.files} changed file(s), since ${since}`;
  const percent = progress.total > 0 ? Math.floor((100 * progress.done) / progress.total) : 100;
  return (
    `Indexing: ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} paper changes ` +
    `(${percent}%), from ${progress.files} file(s), since ${since}. Questions are answered meanwhile.`
  );
}

export function aboutMessage(corpus: CorpusView, status: BotStatus, now: number, votes: VotesStored = null) {
  const { index } = corpus;
  const topics = [...new Set(index.papers.map((p) => p.topic).filter((t): t is string => t !== null))];
  const reload = reloadText(corpus);
  const topicText = topics.length > 0 ? escapeText(truncateWords(topics.join(', '), 900)) : '—';
  return message({
    embeds: [
      {
        color: PAPERBOY_COLOR,
        title: 'Paperboy',
        description:
          index.paperCount === 0
            ? `⚠️ The corpus holds no papers yet: ${EMPTY_CORPUS_HINT}.`
            : 'Questions over a corpus of research papers, answered with the passages that answer them.',
        fields: [
          { name: 'Papers', value: String(index.paperCount), inline: true },
          { name: 'Chunks', value: String(index.chunkCount), inline: true },
          { name: `Topics (${topics.length})`, value: topicText, inline: true },
          ...(corpus.indexing ? [{ name: 'Indexing now', value: indexingText(corpus.indexing) }] : []),
          { name: 'Last reload', value: reload },
          { name: 'Version', value: escapeText(status.version), inline: true },
          { name: 'Uptime', value: formatDuration(now - status.startedAt), inline: true },
          { name: 'Health', value: health(status), inline: true },
          ...(votes === null
            ? []
            : [
                {
                  name: 'Votes stored',
                  value: `${votes} in this server (\`/top\` lists them; \`/forget\` removes yours)`,
                },
              ]),
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
  plan(interaction, ctx) {
    const guildId = interaction.guildId;
    return {
      ack: 'private',
      run: async () => {
        const votes = ctx.votes && guildId ? await ctx.votes.count(guildId) : null;
        return { body: aboutMessage(ctx.corpus(), ctx.status(), ctx.clock.now(), votes) };
      },
    };
  },
} satisfies Command;
