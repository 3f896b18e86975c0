// The private replies `/alert` and its buttons give: each renders one result of the alert service.
import type { AlertDraftOutcome, UserAlert } from '../../core/alerts/alert-service.js';
import { localDateOf } from '../../core/digest/schedule.js';
import type { Subscription } from '../../core/digest/subscription.js';
import { renderDigestMessage } from '../format/format-digest.js';
import { confirmRow, message, type MessageBody } from '../format/format-message.js';
import { escapeText, truncateWords } from '../format/format-text.js';

/** The prefix of the alert preview's button ids: `alert:save:<token>`, `alert:cancel:<token>`. */
export const ALERT_BUTTON_PREFIX = 'alert';

export const NEEDS_TIMEZONE =
  'Which time zone should your alerts use? Run `/alert add` again with `timezone:` (e.g. Europe/Berlin); ' +
  'Paperboy remembers it for your later alerts.';

/** One line about an alert: `#3 · 08:00 Europe/Berlin · “graph pooling”` and why it is paused. */
export function describeAlert(alert: Subscription): string {
  const topic = `“${escapeText(truncateWords(alert.topic, 120))}”`;
  const state = alert.status === 'active' ? '' : ` · **${alert.status}**: ${escapeText(alert.statusReason ?? '')}`;
  return `#${alert.id} · ${alert.time} ${escapeText(alert.timezone)} · ${topic}${state}`;
}

/** `/alert add`: the preview of what today would have brought, with Save / Cancel, or why nothing was drafted. */
export function alertDraftReply(result: AlertDraftOutcome): MessageBody {
  switch (result.kind) {
    case 'needs-timezone':
      return message({ content: NEEDS_TIMEZONE });
    case 'too-many':
      return message({
        content: `You have ${result.max} alerts, the most Paperboy keeps. Remove one with \`/alert remove\` first.`,
      });
    case 'invalid':
      return message({
        content: [
          'Nothing was saved:',
          ...result.problems.map((p) => `• **${p.field}**: ${escapeText(p.message)}`),
        ].join('\n'),
      });
    case 'drafted': {
      const { settings, token } = result;
      const preview = renderDigestMessage(result.preview, {
        localDate: localDateOf(new Date(result.preview.generatedAt), settings.timezone),
        label: 'Preview',
      });
      const summary = `every day at ${settings.time} (${escapeText(settings.timezone)}), by DM, when something new matches`;
      return message({
        content: `**Save an alert ${summary}?** ${
          result.preview.section === 'new' && result.preview.items.length > 0
            ? "This is what today's would hold:"
            : 'Nothing new matched in the last day, so today no DM would come; older papers that match:'
        }\n${preview.content}`,
        embeds: preview.embeds,
        components: [
          confirmRow('Save', `${ALERT_BUTTON_PREFIX}:save:${token}`, `${ALERT_BUTTON_PREFIX}:cancel:${token}`),
        ],
      });
    }
  }
}

/** `/alert list`: the user's alerts, with paused ones and why. */
export function alertListReply(alerts: readonly UserAlert[]): MessageBody {
  if (alerts.length === 0) return message({ content: 'You have no alerts. `/alert add` makes one.' });
  return message({ content: ['**Your alerts**', ...alerts.map((a) => `• ${describeAlert(a.alert)}`)].join('\n') });
}
