import { describe, expect, it } from 'vitest';
import {
  decideSlot,
  latestSlot,
  listTimeZones,
  localDateOf,
  nextSlot,
  normalizeDailyTime,
  resolveTimeZone,
  suggestTimeZones,
} from '../../../src/core/digest/schedule.js';

const iso = (d: Date) => d.toISOString();
const LONG_AGO = '2020-01-01T00:00:00.000Z';

describe('daily times and timezones', () => {
  it('accepts H:MM and HH:MM, nothing else', () => {
    expect(normalizeDailyTime('9:05')).toBe('09:05');
    expect(normalizeDailyTime(' 23:59 ')).toBe('23:59');
    for (const bad of ['24:00', '9', '09:60', '9am', '09:5', '']) expect(normalizeDailyTime(bad)).toBeUndefined();
  });

  it('resolves IANA names case-insensitively and rejects offsets and unknown names', () => {
    expect(resolveTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(resolveTimeZone('UTC')).toBe('UTC');
    expect(resolveTimeZone('Mars/Olympus')).toBeUndefined();
    expect(resolveTimeZone('+02:00')).toBeUndefined();
    expect(listTimeZones()).toContain('America/New_York');
    expect(listTimeZones()).toContain('UTC');
  });

  it('gives the local calendar date of an instant', () => {
    expect(localDateOf(new Date('2025-03-01T23:30:00Z'), 'Europe/Berlin')).toBe('2025-03-02');
    expect(localDateOf(new Date('2025-03-01T03:30:00Z'), 'America/Los_Angeles')).toBe('2025-02-28');
  });
});

describe('slots', () => {
  it('finds 09:00 local in two timezones', () => {
    const after = new Date('2025-06-01T00:00:00Z');
    expect(iso(nextSlot('09:00', 'Europe/Berlin', after))).toBe('2025-06-01T07:00:00.000Z');
    expect(iso(nextSlot('09:00', 'Asia/Tokyo', after))).toBe('2025-06-02T00:00:00.000Z');
  });

  it('keeps 09:00 local across a DST change (Berlin, spring forward on 30 March 2025)', () => {
    const runs = [new Date('2025-03-29T00:00:00Z')];
    for (let i = 0; i < 3; i++) runs.push(nextSlot('09:00', 'Europe/Berlin', runs.at(-1)!));
    expect(runs.slice(1).map(iso)).toEqual([
      '2025-03-29T08:00:00.000Z',
      '2025-03-30T07:00:00.000Z',
      '2025-03-31T07:00:00.000Z',
    ]);
  });

  it('posts a time that does not exist that day at the first valid time after the gap', () => {
    // New York skips 02:00-03:00 on 9 March 2025.
    expect(iso(nextSlot('02:30', 'America/New_York', new Date('2025-03-08T12:00:00Z')))).toBe(
      '2025-03-09T07:00:00.000Z',
    );
    expect(localDateOf(new Date('2025-03-09T07:00:00Z'), 'America/New_York')).toBe('2025-03-09');
  });

  it('posts a time that occurs twice (fall back) once', () => {
    // New York repeats 01:00-02:00 on 2 November 2025.
    const first = nextSlot('01:30', 'America/New_York', new Date('2025-11-01T12:00:00Z'));
    expect(iso(first)).toBe('2025-11-02T05:30:00.000Z');
    expect(iso(nextSlot('01:30', 'America/New_York', first))).toBe('2025-11-03T06:30:00.000Z');
    const secondOccurrence = new Date('2025-11-02T06:30:00Z');
    expect(iso(latestSlot('01:30', 'America/New_York', secondOccurrence))).toBe(iso(first));
  });

  it('counts a slot exactly at the reference as the latest', () => {
    const at = new Date('2025-06-01T09:00:00Z');
    expect(iso(latestSlot('09:00', 'UTC', at))).toBe(iso(at));
  });
});

describe('decideSlot', () => {
  const berlin = { time: '09:00', timezone: 'Europe/Berlin', createdAt: LONG_AGO };

  it('is due at the slot, on time', () => {
    expect(decideSlot(berlin, new Date('2025-06-01T07:00:00Z'))).toMatchObject({
      kind: 'due',
      localDate: '2025-06-01',
      lateByMs: 0,
      late: false,
    });
  });

  it('waits before the slot, naming the next one', () => {
    expect(decideSlot(berlin, new Date('2025-06-01T06:59:59Z'))).toEqual({
      kind: 'waiting',
      nextAt: new Date('2025-06-01T07:00:00Z'),
    });
  });

  it('back at 11:00 after being down at 09:00: due, late by two hours', () => {
    expect(decideSlot(berlin, new Date('2025-06-01T09:00:00Z'))).toMatchObject({
      kind: 'due',
      localDate: '2025-06-01',
      lateByMs: 2 * 3_600_000,
      late: true,
    });
  });

  it("back the next morning before 09:00: waits, never posts yesterday's", () => {
    expect(decideSlot(berlin, new Date('2025-06-02T06:00:00Z'))).toEqual({
      kind: 'waiting',
      nextAt: new Date('2025-06-02T07:00:00Z'),
    });
  });

  it('ignores a slot from before the subscription existed', () => {
    const created = { ...berlin, createdAt: '2025-06-01T08:00:00.000Z' };
    expect(decideSlot(created, new Date('2025-06-01T08:00:01Z'))).toEqual({
      kind: 'waiting',
      nextAt: new Date('2025-06-02T07:00:00Z'),
    });
  });

  it('uses the local day, not the UTC day, near midnight', () => {
    const la = { time: '23:30', timezone: 'America/Los_Angeles', createdAt: LONG_AGO };
    // 2025-06-02T06:45Z is 23:45 on 1 June in Los Angeles.
    expect(decideSlot(la, new Date('2025-06-02T06:45:00Z'))).toMatchObject({ kind: 'due', localDate: '2025-06-01' });
  });
});

describe('suggestTimeZones', () => {
  it('offers common zones for an empty query, at most the limit', () => {
    expect(suggestTimeZones('')).toContain('Europe/Berlin');
    expect(suggestTimeZones('', 3)).toEqual(['UTC', 'Europe/London', 'Europe/Berlin']);
  });

  it('puts city prefixes first and lets spaces stand for underscores', () => {
    expect(suggestTimeZones('berl')).toEqual(['Europe/Berlin']);
    expect(suggestTimeZones('new york')[0]).toBe('America/New_York');
    const america = suggestTimeZones('america/');
    expect(america.length).toBe(25);
    expect(america.every((z) => z.startsWith('America/'))).toBe(true);
  });
});
