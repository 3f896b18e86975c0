import { describe, expect, it } from 'vitest';
import { checkSubscriptionSettings } from '../../../src/core/digest/subscription.js';

describe('checkSubscriptionSettings', () => {
  it('normalises time, timezone and topic, and defaults to five papers', () => {
    expect(
      checkSubscriptionSettings({ time: '9:05', timezone: 'europe/berlin', topic: '  graph   "neural net" ' }),
    ).toEqual({
      ok: true,
      settings: { time: '09:05', timezone: 'Europe/Berlin', topic: 'graph "neural net"', max: 5 },
    });
  });

  it('names every bad field and quotes what was typed', () => {
    const check = checkSubscriptionSettings({ time: '25:00', timezone: 'Mars/Base', topic: 'x'.repeat(201), max: 11 });
    expect(check).toEqual({
      ok: false,
      problems: [
        { field: 'time', message: "'25:00' is not a 24-hour time like 09:00 or 18:30" },
        { field: 'timezone', message: "'Mars/Base' is not an IANA timezone like Europe/Berlin or UTC" },
        { field: 'topic', message: 'the topic has 201 characters; at most 200' },
        { field: 'max', message: '11 papers is not a whole number from 1 to 10' },
      ],
    });
  });

  it('refuses a topic with a malformed filter, quoting it', () => {
    expect(checkSubscriptionSettings({ time: '09:00', timezone: 'UTC', topic: 'diffusion year:20x4' })).toEqual({
      ok: false,
      problems: [{ field: 'topic', message: 'year:20x4: expected a year such as 2021 or a range such as 2019..2022' }],
    });
    expect(checkSubscriptionSettings({ time: '09:00', timezone: 'UTC', topic: 'diffusion venue:iclr -video' }).ok).toBe(
      true,
    );
  });
});
