import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CorpusReload } from '../../core/paper/corpus-reload.js';
import { LiveCorpus, type LiveCorpusOptions } from './live-corpus.js';
import { openIndex, refreshSnapshot, type OpenedIndex, type OpenIndexOptions } from '../open-index.js';
import { walkCorpus } from '../read/walk-corpus.js';
import type { SnapshotSave } from '../snapshot.js';
import { watchCorpus, type WatchOptions } from './watch-corpus.js';

export interface OpenLiveIndexOptions extends OpenIndexOptions {
  /** Watch the corpus folder and apply its changes to the index (a single-file corpus is not watched). */
  watch: boolean;
  store?: LiveCorpusOptions['store'];
  clock?: () => Date;
  /** Told of each applied reload (to log it). */
  onReload?: (reload: CorpusReload) => void;
  /** Told of each snapshot refresh written. */
  onSnapshot?: (saved: SnapshotSave) => void;
  /** A batch that could not be applied, a watcher error, or a snapshot that could not be refreshed. */
  onError?: (error: unknown, what: 'reload' | 'snapshot') => void;
  watchOptions?: Partial<WatchOptions>;
  liveOptions?: LiveCorpusOptions['options'];
}

export interface LiveIndex {
  opened: OpenedIndex;
  /** The live corpus, when the corpus is watched. */
  live?: LiveCorpus;
  /** Stops watching; a snapshot refresh that was due is written first. */
  close(): Promise<void>;
}

/**
 * {@link openIndex}, then keeps the index in step with the corpus folder while it is served. The
 * watcher starts first, and the files' facts are taken before the index is opened, so a change made
 * while the index loads is applied once it is open, never missed.
 * @example const { opened, live, close } = await openLiveIndex({ corpus: 'corpus', dataDir: 'data', watch: true });
 */
export async function openLiveIndex(given: OpenLiveIndexOptions): Promise<LiveIndex> {
  const corpus = resolve(given.corpus);
  // A merged work keeps the id of its earliest-seen paper: the store is read only if papers merge.
  const history = given.store?.papers;
  const options = history ? { firstSeen: () => history.firstSeen(), ...given } : given;
  const isFolder = (await stat(corpus).catch(() => undefined))?.isDirectory() ?? false;
  if (!options.watch || !isFolder) {
    const opened = await openIndex(options);
    return { opened, close: async () => {} };
  }
  const onError = options.onError ?? (() => {});
  // Changes seen while the index opens wait here; if it never opens, they are dropped.
  let attach!: (live: LiveCorpus | undefined) => void;
  const attached = new Promise<LiveCorpus | undefined>((resolveLive) => (attach = resolveLive));
  const watcher = watchCorpus(corpus, {
    onChanges: async (changes) => {
      await (await attached)?.apply(changes);
    },
    onError: (error) => onError(error, 'reload'),
    ...(options.watchOptions ? { options: options.watchOptions } : {}),
  });
  try {
    await watcher.ready;
    const { entries } = await walkCorpus(corpus);
    const opened = await openIndex({ ...options, corpus });
    const { dataDir } = options;
    const live = new LiveCorpus({
      root: corpus,
      index: opened.index,
      files: entries,
      problems: opened.problems,
      store: options.store,
      ...(options.clock ? { clock: options.clock } : {}),
      refreshSnapshot:
        dataDir === undefined
          ? undefined
          : async (fingerprint) => {
              // The problems as reloads left them, so the next start reports what is wrong now.
              const report = { problems: live.problems, warnings: opened.warnings };
              const refreshed = await refreshSnapshot({ corpus, dataDir, index: opened.index, fingerprint, report });
              if (refreshed.kind === 'failed') throw new Error(`snapshot: not refreshed: ${refreshed.error}`);
              options.onSnapshot?.(refreshed);
            },
      ...(options.onReload ? { onReload: options.onReload } : {}),
      onError,
      ...(options.liveOptions ? { options: options.liveOptions } : {}),
    });
    attach(live);
    return {
      opened,
      live,
      async close() {
        await watcher.close();
        await live.close();
      },
    };
  } catch (error) {
    attach(undefined);
    await watcher.close();
    throw error;
  }
}
