import { parseFilters, withFilterOptions } from '../core/search/filter/filter-grammar.js';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { indexRanker, planDigest, planPreview, type DigestPlan } from '../core/digest/digest.js';
import { PREVIEW_WINDOW_MS } from '../core/digest/digest-service.js';
import { digestHeading, digestNotes } from '../core/digest/digest-notes.js';
import { resolveTimeZone } from '../core/digest/schedule.js';
import { venueAndYear } from '../core/paper/paper-summary.js';
import { DIGEST_DEFAULT_PAPERS, DIGEST_MAX_PAPERS } from '../core/digest/subscription.js';
import { loadConfig } from '../config.js';
import { openIndex } from '../corpus/open-index.js';
import { gatherDigestInput, gatherPreviewInput } from '../store/digest-input.js';
import { STORE_FILE, openStoreToRead } from '../store/open-store.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { UsageError, type CliCommand, type CliIo, parseCliArgs } from './command.js';

function parseInstant(text: string, flag: string): Date {
  // A bare date means its start in UTC, which is what an operator typing --since 2025-03-01 expects.
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(at.getTime())) throw new UsageError(`${flag}: not a date or ISO time: '${text}'`);
  return at;
}

function formatPlan(plan: DigestPlan, timeZone: string): string {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const formatInstant = (iso: string) => `${format.format(new Date(iso))} (${timeZone})`;
  const lines = [
    `Digest preview · ${plan.topic === '' ? 'every paper' : `topic “${plan.topic}”`}`,
    '',
    digestHeading(plan),
    ...digestNotes(plan, { formatInstant }).map((note) => `  ${note}`),
  ];
  plan.items.forEach((item, i) => {
    lines.push('', `${i + 1}. ${item.title}`);
    const by = [
      item.authors.slice(0, 3).join(', ') + (item.authors.length > 3 ? ' et al.' : ''),
      venueAndYear(item),
    ].filter((p) => p !== '');
    if (by.length > 0) lines.push(`   ${by.join(' · ')}`);
    if (item.summary !== '') lines.push(`   ${item.summary}`);
    lines.push(`   ${item.links.map((l) => l.url).join('  ')}`);
  });
  return lines.join('\n');
}

/**
 * `paperboy digest preview`: what a digest would hold, planned exactly as the bot plans it (same store,
 * same ranking); nothing is posted or recorded. Papers the store has not seen yet count as arriving now,
 * as they will when the bot next loads the corpus.
 */
export const digestPreviewCommand = {
  name: 'digest preview',
  usage:
    'digest preview [--topic Q] [--since DATE] [--max N] [--subscription ID | --alerts USER_ID] [--at TIME] [--timezone TZ] [--json] [--corpus DIR] [--data DIR] [--author NAME] [--venue VENUE] [--until YEAR]',
  summary:
    'print what a daily digest would hold now (new papers since DATE, else the archive), or each of a user’s alerts (--alerts); --topic=-word for a leading dash',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseCliArgs({
      args,
      options: {
        topic: { type: 'string' },
        since: { type: 'string' },
        max: { type: 'string' },
        subscription: { type: 'string' },
        alerts: { type: 'string' },
        at: { type: 'string' },
        timezone: { type: 'string' },
        json: { type: 'boolean', default: false },
        corpus: { type: 'string' },
        data: { type: 'string' },
        author: { type: 'string' },
        venue: { type: 'string' },
        until: { type: 'string' },
      },
      allowPositionals: false,
    });
    // The filter flags join the topic in the grammar. `--since` keeps its meaning here (new since DATE);
    // papers published since a year are `--topic "… since:2023"`.
    const filters = { author: values.author, venue: values.venue, until: values.until };
    const withFilters = (topic: string) => withFilterOptions(topic, filters);
    const problems = parseFilters(withFilters(values.topic ?? '')).problems;
    if (problems.length > 0) throw new UsageError(`--topic: ${problems.join('; ')}`);
    const now = values.at === undefined ? new Date() : parseInstant(values.at, '--at');
    const since = values.since === undefined ? undefined : parseInstant(values.since, '--since');
    if (since !== undefined && since > now) {
      throw new UsageError(`--since: '${values.since}' is in the future (now is ${now.toISOString()})`);
    }
    const max = values.max === undefined ? undefined : Number(values.max);
    if (max !== undefined && !(Number.isInteger(max) && max >= 1 && max <= DIGEST_MAX_PAPERS)) {
      throw new UsageError(`--max: a whole number from 1 to ${DIGEST_MAX_PAPERS}, got '${values.max}'`);
    }
    const config = values.corpus === undefined || values.data === undefined ? loadConfig() : undefined;
    const corpusDir = resolve(io.cwd, values.corpus ?? config!.CORPUS_DIR);
    if (!(await stat(corpusDir).catch(() => undefined))) throw new UsageError(`no such corpus: '${corpusDir}'`);
    const dataDir = resolve(io.cwd, values.data ?? config!.DATA_DIR);
    const storePath = join(dataDir, STORE_FILE);
    // --data names a folder, so its SQLite store; without it, the configured store (DATABASE_URL when set).
    const databaseUrl = values.data === undefined ? config?.DATABASE_URL : undefined;

    // The bot's own index snapshot when it matches the corpus: the same papers and ranking it posts with.
    const { index } = await openIndex({ corpus: corpusDir, dataDir });
    const papers = index.papers;
    const store = (await openStoreToRead({ dataDir, databaseUrl })) ?? openSqliteStore(':memory:');
    try {
      const corpus = { papers, rank: indexRanker(index) };
      // Papers the store has not seen yet arrive when the bot next loads the corpus: now, as far as a digest can tell.
      const withArrivals = <T extends { firstSeen?: ReadonlyMap<string, string> | undefined }>(input: T): T => {
        const firstSeen = new Map(input.firstSeen);
        for (const p of papers) if (!firstSeen.has(p.id)) firstSeen.set(p.id, now.toISOString());
        return { ...input, firstSeen };
      };
      if (values.alerts !== undefined) {
        // What each alert's next DM would hold: only new papers; a day without any sends nothing.
        const alerts = await store.subscriptions.listForUser(values.alerts);
        const planned = [];
        for (const alert of alerts) {
          const input = withArrivals(await gatherDigestInput(store, alert, corpus, now));
          if (since !== undefined) input.lastDigest = { at: since.toISOString(), paperIds: [] };
          const alertPlan = planDigest(input);
          planned.push({ alert, plan: alertPlan, sends: alertPlan.section === 'new' && alertPlan.items.length > 0 });
        }
        if (values.json) io.stdout.write(`${JSON.stringify(planned, null, 2)}\n`);
        else if (planned.length === 0) io.stdout.write(`User ${values.alerts} has no alerts.\n`);
        else {
          const parts = planned.map(({ alert, plan: p, sends }) => {
            const head = `Alert #${alert.id} · ${alert.time} ${alert.timezone} · ${alert.status}${alert.statusReason ? ` (${alert.statusReason})` : ''}`;
            return `${head}\n${sends ? formatPlan(p, alert.timezone) : `Nothing new on “${alert.topic}”: no DM would be sent.`}`;
          });
          io.stdout.write(`${parts.join('\n\n')}\n`);
        }
        return 0;
      }
      let plan: DigestPlan;
      let subscriptionZone: string | undefined;
      if (values.subscription !== undefined) {
        const found = await store.subscriptions.get(Number(values.subscription));
        if (!found) {
          throw new UsageError(
            `--subscription: no subscription #${values.subscription} in ${databaseUrl ? store.location : storePath}`,
          );
        }
        subscriptionZone = found.timezone;
        const subscription = { ...found, topic: withFilters(values.topic ?? found.topic), max: max ?? found.max };
        const input = withArrivals(await gatherDigestInput(store, subscription, corpus, now));
        if (since !== undefined) input.lastDigest = { at: since.toISOString(), paperIds: [] };
        plan = planDigest(input);
      } else {
        // No subscription: the preview `/digest subscribe` shows, new meaning since --since or the last day.
        const preview = {
          topic: withFilters(values.topic ?? ''),
          max: max ?? DIGEST_DEFAULT_PAPERS,
          since: (since ?? new Date(now.getTime() - PREVIEW_WINDOW_MS)).toISOString(),
        };
        plan = planPreview(withArrivals(await gatherPreviewInput(store, preview, corpus, now)));
      }
      if (values.json) io.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
      else {
        const zone = values.timezone ?? subscriptionZone;
        const timeZone = (zone === undefined ? undefined : resolveTimeZone(zone)) ?? 'UTC';
        io.stdout.write(`${formatPlan(plan, timeZone)}\n`);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
} satisfies CliCommand;
