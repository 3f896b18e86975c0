import type { Leadership } from '../../store/leadership.js';
import type { DigestJob, JobLogger } from './digest-job.js';

/** The timer functions the scheduler uses; tests pass fakes and fire them by hand. */
export interface SchedulerTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface DigestSchedulerOptions {
  clock: () => Date;
  logger: JobLogger;
  timers?: SchedulerTimers;
  /**
   * The longest sleep between checks. Slots are computed exactly, but new subscriptions, postponed
   * retries, another process's expired lease and a clock jump are all noticed within this.
   */
  maxSleepMs?: number;
  /**
   * Every machine runs a scheduler; a run posts only while this says the machine leads (default: always).
   * The scheduler then wakes at least every `checkEveryMs`, which keeps a held lease renewed.
   */
  leadership?: Leadership;
}

export interface DigestScheduler {
  /** Re-plans the next wake-up now (after a subscription changed). */
  poke(): void;
  /** Stops the timer and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

const REAL_TIMERS: SchedulerTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Runs the digest job now (a bot back at 11:00 posts its 09:00 digest at once, late) and then at every
 * slot, sleeping until the earliest next slot (at most `maxSleepMs`). One run at a time; a run's error
 * is logged (once for a streak of failing runs) and the loop carries on: a slot missed meanwhile is
 * posted late by the first run that works.
 */
export function startDigestScheduler(job: DigestJob, options: DigestSchedulerOptions): DigestScheduler {
  const { clock, logger } = options;
  const timers = options.timers ?? REAL_TIMERS;
  const leadership = options.leadership;
  const maxSleepMs = Math.min(options.maxSleepMs ?? 60_000, leadership?.checkEveryMs ?? Number.POSITIVE_INFINITY);
  let timer: unknown;
  let running: Promise<void> | undefined;
  let stopped = false;
  let again = false;
  let failing = 0;

  // Reading the next slot goes to the store; a store that cannot answer means a check within maxSleepMs.
  let arming = 0;
  const arm = () => {
    if (stopped) return;
    const attempt = ++arming;
    const now = clock();
    void job
      .nextSlotAfter(now)
      .catch(() => null)
      .then((next) => {
        if (stopped || attempt !== arming) return; // a later arm (or a run) took over
        if (timer !== undefined) timers.clearTimeout(timer);
        const wait = next === null ? maxSleepMs : Math.min(maxSleepMs, Math.max(0, next.getTime() - now.getTime()));
        timer = timers.setTimeout(tick, wait);
      });
  };

  const tick = () => {
    timer = undefined;
    arming++; // a pending arm must not set a second timer
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    const now = clock();
    running = (leadership ? leadership.isLeader(now) : Promise.resolve(true))
      .then((leads) => (leads ? job.runDue(now) : []))
      .then((outcomes) => {
        if (failing > 0) logger.info({ failedRuns: failing }, 'digest: runs work again');
        failing = 0;
        const posted = outcomes.filter((o) => o.kind === 'posted').length;
        if (outcomes.length > 0) logger.info({ posted, outcomes: outcomes.length }, 'digest: run finished');
      })
      .catch((error: unknown) => {
        // Once per streak: a store out of reach fails every run until it is back (the store logs the outage).
        if (failing++ === 0) logger.error({ err: error }, 'digest: run failed; retried every check until one works');
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          tick();
        } else arm();
      });
  };

  tick();
  return {
    poke: () => {
      if (!running) arm();
    },
    stop: async () => {
      stopped = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      await running;
    },
  };
}
