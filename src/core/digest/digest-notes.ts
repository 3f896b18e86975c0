import type { DigestPlan } from './digest.js';

/** A digest posted after its slot: when it was due, so the post can say so. */
export interface LateSlot {
  /** `HH:MM` as the subscription set it. */
  time: string;
  timezone: string;
  /** ISO instant the slot fell on. */
  slotAt: string;
}

/** How a surface shows an instant: Discord uses `<t:…:R>`, the terminal a local date and time. */
export type FormatInstant = (iso: string) => string;

/**
 * The heading of a digest's section.
 * @example digestHeading(plan) // 'New in the corpus'
 */
export function digestHeading(plan: Pick<DigestPlan, 'section'>): string {
  return plan.section === 'new' ? 'New in the corpus' : 'From the archive';
}

/**
 * The plain sentences a digest owes its readers: that it is late, that nothing new arrived (and when
 * the corpus last changed), that the archive started over, why it is empty, how many new papers did not
 * fit. Shared by Discord and the terminal so both say the same thing; only the instants are formatted
 * per surface.
 * @example digestNotes(plan, { formatInstant: (iso) => iso })
 * // ['Nothing new has arrived in the corpus since the last digest (2025-03-01T08:00:00.000Z); …']
 */
export function digestNotes(
  plan: DigestPlan,
  options: { formatInstant: FormatInstant; late?: LateSlot | undefined; noun?: 'digest' | 'alert' | undefined },
): string[] {
  const { formatInstant, late } = options;
  const noun = options.noun ?? 'digest';
  const notes: string[] = [];
  if (late) {
    notes.push(
      `Posted late: this ${noun} was due at ${late.time} (${late.timezone}), ${formatInstant(late.slotAt)}; the bot could not post it then.`,
    );
  }
  if (plan.section === 'new' && plan.moreNew === 1)
    notes.push('1 more new paper matches; it will come up in a later digest.');
  if (plan.section === 'new' && plan.moreNew > 1) {
    notes.push(`${plan.moreNew} more new papers match; they will come up in later digests.`);
  }
  if (plan.section === 'archive') {
    // A preview belongs to no subscription: new means since the instant it was asked for.
    const since =
      plan.lastDigestAt !== null
        ? `the last digest (${formatInstant(plan.lastDigestAt)})`
        : plan.subscriptionId === null
          ? formatInstant(plan.since)
          : `this subscription started (${formatInstant(plan.since)})`;
    const changed =
      plan.corpusChangedAt === null
        ? 'no paper has been recorded yet'
        : `the corpus last changed ${formatInstant(plan.corpusChangedAt)}`;
    notes.push(`Nothing new has arrived in the corpus since ${since}; ${changed}.`);
    if (plan.restarted) notes.push('Every matching paper has been shown once; these are the ones shown longest ago.');
    if (plan.empty === 'no-papers') notes.push('The corpus is empty, so there is nothing to show.');
    if (plan.empty === 'no-match') notes.push(`No paper in the corpus matches the topic “${plan.topic}” yet.`);
    if (plan.empty === 'all-recent')
      notes.push('Every matching paper was in the last digest, so there is nothing else to show today.');
  }
  return notes;
}
