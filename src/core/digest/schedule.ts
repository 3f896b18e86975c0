import { Cron } from 'croner';

/** A digest posted more than this after its slot says it is late (and why). */
export const LATE_AFTER_MS = 5 * 60_000;

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/**
 * Reads a 24-hour `H:MM` or `HH:MM` time, returning it as `HH:MM`, or undefined when it is not one.
 * @example normalizeDailyTime('9:05') // '09:05'
 */
export function normalizeDailyTime(text: string): string | undefined {
  const match = TIME.exec(text.trim());
  if (!match) return undefined;
  return `${match[1]!.padStart(2, '0')}:${match[2]!}`;
}

/**
 * The timezone's name as the runtime spells it, or undefined when it is not an IANA zone the runtime knows.
 * Case-insensitive, and accepts aliases (`Asia/Calcutta`).
 * @example resolveTimeZone('europe/berlin') // 'Europe/Berlin'
 */
export function resolveTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '' || /^[+-]?\d/.test(trimmed)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Every IANA timezone name the runtime knows, plus `UTC`, for autocomplete. */
export function listTimeZones(): string[] {
  const names = Intl.supportedValuesOf('timeZone');
  return names.includes('UTC') ? names : ['UTC', ...names];
}

const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date of an instant in a timezone, `YYYY-MM-DD`.
 * @example localDateOf(new Date('2025-03-01T23:30:00Z'), 'Europe/Berlin') // '2025-03-02'
 */
export function localDateOf(instant: Date, timeZone: string): string {
  let format = DATE_FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    DATE_FORMATS.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

const PATTERNS = new Map<string, Cron>();

/**
 * croner's fixed-time rule gives the DST behaviour digests want: a time that does not exist that day
 * (spring forward) runs at the first valid time after the gap, and a time that occurs twice (fall back)
 * runs once, at its first occurrence.
 */
function dailyPattern(time: string, timeZone: string): Cron {
  const key = `${time}|${timeZone}`;
  let cron = PATTERNS.get(key);
  if (!cron) {
    const normalized = normalizeDailyTime(time);
    if (!normalized) throw new Error(`schedule: not an HH:MM time: '${time}'`);
    const [hour, minute] = normalized.split(':').map(Number);
    // No callback: a pattern to compute with, never a running timer.
    cron = new Cron(`0 ${minute} ${hour} * * *`, { timezone: timeZone, mode: '6-part' });
    PATTERNS.set(key, cron);
  }
  return cron;
}

/**
 * The first slot strictly after `after`.
 * @example nextSlot('09:00', 'Europe/Berlin', new Date('2025-03-01T12:00:00Z')) // 2025-03-02T08:00:00Z
 */
export function nextSlot(time: string, timeZone: string, after: Date): Date {
  const next = dailyPattern(time, timeZone).nextRun(after);
  if (!next) throw new Error(`schedule: no run after ${after.toISOString()} for '${time}' in '${timeZone}'`);
  return next;
}

/**
 * The latest slot at or before `atOrBefore`.
 * @example latestSlot('09:00', 'UTC', new Date('2025-03-01T09:00:00Z')) // 2025-03-01T09:00:00Z
 */
export function latestSlot(time: string, timeZone: string, atOrBefore: Date): Date {
  // croner counts a run earlier in the same second as the reference, but not one exactly at it.
  const [previous] = dailyPattern(time, timeZone).previousRuns(1, new Date(atOrBefore.getTime() + 1));
  if (!previous) throw new Error(`schedule: no run before ${atOrBefore.toISOString()} for '${time}' in '${timeZone}'`);
  return previous;
}

export interface SlotSchedule {
  time: string;
  timezone: string;
  /** ISO instant; slots before it are not the subscription's. */
  createdAt: string;
}

/**
 * - `due`: today's slot (local to the subscription) has passed; `lateByMs` says how long ago.
 * - `waiting`: today's slot is still ahead, or was before the subscription existed, or yesterday's
 *   was missed — a missed day is never posted the next day.
 */
export type SlotDecision =
  { kind: 'due'; localDate: string; slotAt: Date; lateByMs: number; late: boolean } | { kind: 'waiting'; nextAt: Date };

/**
 * Decides whether a daily slot should be posted now. Run it at start-up and on every wake-up: a bot
 * that was down at 09:00 and back at 11:00 gets `due` with `late: true`; back the next morning at 08:00
 * it gets `waiting` (yesterday's slot belongs to yesterday).
 * @example decideSlot({ time: '09:00', timezone: 'UTC', createdAt: '2025-01-01T00:00:00Z' }, new Date('2025-03-01T11:00:00Z'))
 * // { kind: 'due', localDate: '2025-03-01', late: true, lateByMs: 7200000, … }
 */
export function decideSlot(schedule: SlotSchedule, now: Date, lateAfterMs: number = LATE_AFTER_MS): SlotDecision {
  const { time, timezone } = schedule;
  const slotAt = latestSlot(time, timezone, now);
  const localDate = localDateOf(slotAt, timezone);
  const isToday = localDate === localDateOf(now, timezone);
  if (!isToday || slotAt.getTime() < Date.parse(schedule.createdAt)) {
    return { kind: 'waiting', nextAt: nextSlot(time, timezone, now) };
  }
  const lateByMs = now.getTime() - slotAt.getTime();
  return { kind: 'due', localDate, slotAt, lateByMs, late: lateByMs > lateAfterMs };
}

/** Offered first when the user has typed nothing yet. */
const COMMON_TIME_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Asia/Singapore',
  'Australia/Sydney',
];

/**
 * Timezone names for autocomplete: names whose city starts with the query first, then names that
 * contain it; spaces match underscores (`new york` finds `America/New_York`).
 * @example suggestTimeZones('berl') // ['Europe/Berlin']
 */
export function suggestTimeZones(query: string, limit = 25): string[] {
  const wanted = query
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '_');
  if (wanted === '') return COMMON_TIME_ZONES.slice(0, limit);
  const starts: string[] = [];
  const contains: string[] = [];
  for (const name of listTimeZones()) {
    const lower = name.toLowerCase();
    const city = lower.slice(lower.lastIndexOf('/') + 1);
    if (city.startsWith(wanted) || lower.startsWith(wanted)) starts.push(name);
    else if (lower.includes(wanted)) contains.push(name);
  }
  return [...starts, ...contains].slice(0, limit);
}
