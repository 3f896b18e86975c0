// The private replies `/digest` gives: each renders one result of the digest service as a message.
import type { DigestPlan } from '../../core/digest/digest.js';
import type { PostNowOutcome } from '../../core/digest/digest-service.js';
import { localDateOf } from '../../core/digest/schedule.js';
import type { SettingsProblem, Subscription, SubscriptionSettings } from '../../core/digest/subscription.js';
import { renderDigestMessage } from '../format/format-digest.js';
import { confirmRow, message, type MessageBody } from '../format/format-message.js';
import { escapeText } from '../format/format-text.js';
import { DIGEST_BUTTON_PREFIX } from './digest-buttons.js';

/** A one-line private answer. */
export function textReply(text: string): MessageBody {
  return message({ content: text });
}

/** Settings that were not saved, each problem naming its field. */
export function settingsProblemsReply(problems: readonly SettingsProblem[]): MessageBody {
  return textReply(
    ['Nothing was saved:', ...problems.map((p) => `• **${p.field}**: ${escapeText(p.message)}`)].join('\n'),
  );
}

/** A preview's plan as the digest would look; the date in the footer is the one in `timeZone`. */
export function previewReply(plan: DigestPlan, timeZone: string): MessageBody {
  const preview = renderPreview(plan, timeZone);
  return message({ content: preview.content, embeds: preview.embeds });
}

/** `/digest subscribe`: what today's digest would hold, and the Subscribe / Cancel buttons for the draft. */
export function draftReply(
  draft: { token: string; settings: SubscriptionSettings; preview: DigestPlan },
  channelId: string,
): MessageBody {
  const { token, settings } = draft;
  const preview = renderPreview(draft.preview, settings.timezone);
  const summary = `<#${channelId}> every day at ${settings.time} (${escapeText(settings.timezone)})`;
  return message({
    content: `**Subscribe ${summary}?** This is what today's digest would hold:\n${preview.content}`,
    embeds: preview.embeds,
    components: [
      confirmRow('Subscribe', `${DIGEST_BUTTON_PREFIX}:confirm:${token}`, `${DIGEST_BUTTON_PREFIX}:cancel:${token}`),
    ],
  });
}

/** `/digest now`: what became of the post, in a sentence (with a link to the message when it was posted). */
export function postOutcomeText(outcome: PostNowOutcome, sub: Subscription): string {
  switch (outcome.kind) {
    case 'posted':
      return `Posted digest #${sub.id} in <#${sub.channelId}>: https://discord.com/channels/${sub.guildId}/${sub.channelId}/${outcome.messageId}`;
    case 'paused':
    case 'disabled':
      return `Could not post digest #${sub.id}, so it is now ${outcome.kind}: ${escapeText(outcome.reason)}`;
    case 'retry-later':
      return `Discord did not take the post (${escapeText(outcome.error)}). Try again in a few minutes.`;
    case 'unknown-subscription':
      return `Digest #${sub.id} no longer exists.`;
    case 'nothing-new':
      return `Nothing new for #${sub.id} today: nothing was sent.`;
    case 'already-sent':
    case 'held':
      return `Digest #${sub.id} is being posted right now.`;
  }
}

function renderPreview(plan: DigestPlan, timeZone: string) {
  return renderDigestMessage(plan, { localDate: localDateOf(new Date(plan.generatedAt), timeZone), label: 'Preview' });
}
