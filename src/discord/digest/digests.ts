// Digests as the composition root starts them: one store, one job, one scheduler, and the service the
// `/digest` command uses. Kept here so src/main.ts wires digests in a few lines.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { REST } from 'discord.js';
import { AlertService } from '../../core/alerts/alert-service.js';
import { DigestService } from '../../core/digest/digest-service.js';
import type { DigestCorpus } from '../../store/digest-input.js';
import type { Leadership } from '../../store/leadership.js';
import type { Store } from '../../store/store.js';
import { DigestJob, type JobLogger } from './digest-job.js';
import { startDigestScheduler, type DigestScheduler } from './digest-scheduler.js';
import { restMemberCheck, restPostMessage } from '../post-message.js';

export interface DigestsOptions {
  store: Store;
  corpus: () => DigestCorpus;
  logger: JobLogger;
  /** The REST client to post with; read at each post, so it can be the bot's once the bot is up. */
  rest: () => REST;
  clock?: () => Date;
  /** This process in the ledger's claims (and the leader lease): default `processOwner()`. */
  owner?: string;
}

export interface Digests {
  service: DigestService;
  /** Personal alerts (`/alert`): posted by the same job and scheduler. */
  alerts: AlertService;
  /** This process in the ledger's claims. */
  owner: string;
  /**
   * Starts posting: once now (a missed slot today is posted late), then at every slot, while `leadership`
   * says this machine leads (default: always).
   */
  start(leadership?: Leadership): void;
  stop(): Promise<void>;
}

/** A process-unique owner for ledger claims: a restarted process is a new owner. */
export function processOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export function createDigests(options: DigestsOptions): Digests {
  const clock = options.clock ?? (() => new Date());
  const owner = options.owner ?? processOwner();
  const job = new DigestJob({
    store: options.store,
    postMessage: (channelId, body) => restPostMessage(options.rest())(channelId, body),
    corpus: options.corpus,
    clock,
    logger: options.logger,
    owner,
    memberOf: (guildId, userId) => restMemberCheck(options.rest())(guildId, userId),
  });
  let scheduler: DigestScheduler | undefined;
  return {
    service: new DigestService({ store: options.store, poster: job, clock, changed: () => scheduler?.poke() }),
    alerts: new AlertService({ store: options.store, poster: job, clock, changed: () => scheduler?.poke() }),
    owner,
    start(leadership) {
      scheduler ??= startDigestScheduler(job, { clock, logger: options.logger, ...(leadership ? { leadership } : {}) });
    },
    async stop() {
      await scheduler?.stop();
    },
  };
}
