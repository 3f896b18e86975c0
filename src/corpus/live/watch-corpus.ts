// Watching CORPUS_DIR while the bot or the terminal chat runs. chokidar says that something happened to
// a path; this module decides when a file is worth reading: once it has stopped changing (a copy in
// progress is not read half-written), and together with whatever else changed at the same time.
import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { classifyFile } from '../read/corpus-format.js';
import { compareCorpusFiles } from '../read/load-corpus.js';

/** Corpus files that changed, relative to the corpus root with `/` separators, in corpus order. */
export interface CorpusChanges {
  /** Added or changed, and stable: worth reading now. */
  changed: string[];
  /** Gone from the corpus. */
  removed: string[];
}

export interface WatchOptions {
  /** A file must keep its size and modification time, with no event, this long before it is read. */
  stableMs: number;
  /** A removal waits this long, so a burst of removals (a folder, a checkout) is one batch. */
  debounceMs: number;
  /** How often pending files are looked at. */
  pollMs: number;
}

export const WATCH_OPTIONS: WatchOptions = {
  stableMs: 500,
  debounceMs: 200,
  pollMs: 100,
};

/** Folders no one keeps papers in, as the corpus walk skips them. */
const SKIPPED_DIRS = new Set(['node_modules']);

/**
 * Whether a change to this corpus-relative path is none of the corpus's business: hidden files and
 * folders (`.git`, `.DS_Store`, vim's `.paper.md.swp`, emacs's `.#paper.md`), `node_modules`, and names
 * the corpus does not read. Editors' and browsers' temporary names (`paper.md~`, `#paper.md#`,
 * `paper.pdf.part`, `paper.pdf.crdownload`) fall in the last group: the finished file arrives under its
 * real name, by a rename the watcher sees as an add.
 */
export function isIgnoredPath(file: string): boolean {
  const parts = file.split('/');
  if (parts.some((part) => part.startsWith('.') || SKIPPED_DIRS.has(part))) return true;
  return classifyFile(file).kind === 'unknown';
}

interface Pending {
  kind: 'present' | 'removed';
  /** When the last event arrived, or the file was last seen changing. */
  since: number;
  size?: number;
  mtimeMs?: number;
}

export type FileStat = (path: string) => Promise<{ size: number; mtimeMs: number; isFile(): boolean } | undefined>;

const statOrNothing: FileStat = (path) => stat(path).catch(() => undefined);

/**
 * Turns file events into batches of files that are ready to read. It keeps no timers and reads no clock:
 * the watcher (or a test) tells it what happened and when, and asks it at intervals what is ready.
 * @example
 * collector.note('add', 'new.pdf', now);
 * await collector.check(now + 600) // { changed: ['new.pdf'], removed: [] } once new.pdf stopped growing
 */
export class ChangeCollector {
  readonly #root: string;
  readonly #options: WatchOptions;
  readonly #stat: FileStat;
  readonly #pending = new Map<string, Pending>();

  constructor(root: string, options: Partial<WatchOptions> = {}, statFile: FileStat = statOrNothing) {
    this.#root = resolve(root);
    this.#options = { ...WATCH_OPTIONS, ...options };
    this.#stat = statFile;
  }

  /** Files waiting to become stable (or removals waiting out the debounce). */
  get pending(): number {
    return this.#pending.size;
  }

  /** Records an event for a corpus-relative file at `now` (epoch ms). Ignored paths are dropped. */
  note(event: 'add' | 'change' | 'unlink', file: string, now: number): void {
    if (isIgnoredPath(file)) return;
    if (event === 'unlink') {
      this.#pending.set(file, { kind: 'removed', since: now });
      return;
    }
    // Any event restarts the wait: a file still being written keeps sending them.
    const known = this.#pending.get(file);
    this.#pending.set(file, { ...(known?.kind === 'present' ? known : {}), kind: 'present', since: now });
  }

  /**
   * Looks at every pending file at `now`: one that has kept its size and modification time for
   * `stableMs` is ready; one that vanished is removed. Returns the ready files, or undefined when none is.
   */
  async check(now: number): Promise<CorpusChanges | undefined> {
    const changed: string[] = [];
    const removed: string[] = [];
    for (const [file, entry] of [...this.#pending]) {
      if (entry.kind === 'removed') {
        if (now - entry.since < this.#options.debounceMs) continue;
        // Removed then written again (an editor's save): the file's own events have replaced the entry.
        if (this.#pending.get(file) !== entry) continue;
        this.#pending.delete(file);
        removed.push(file);
        continue;
      }
      const info = await this.#stat(resolve(this.#root, ...file.split('/')));
      if (this.#pending.get(file) !== entry) continue; // a newer event arrived while we looked
      if (!info?.isFile()) {
        this.#pending.delete(file);
        removed.push(file);
        continue;
      }
      if (entry.size !== info.size || entry.mtimeMs !== info.mtimeMs) {
        // The first look only records the facts; a later difference means the file is still being written.
        const seenBefore = entry.size !== undefined;
        entry.size = info.size;
        entry.mtimeMs = info.mtimeMs;
        if (seenBefore) {
          entry.since = now;
          continue;
        }
      }
      if (now - entry.since < this.#options.stableMs) continue;
      this.#pending.delete(file);
      changed.push(file);
    }
    if (changed.length === 0 && removed.length === 0) return undefined;
    return { changed: changed.sort(compareCorpusFiles), removed: removed.sort(compareCorpusFiles) };
  }
}

export interface WatchCorpusOptions {
  /** Called with each batch, one at a time: the next batch waits until this one settles. */
  onChanges: (changes: CorpusChanges) => void | Promise<void>;
  /** A failing `onChanges` or a watcher error; the watcher keeps going. */
  onError?: (error: unknown) => void;
  options?: Partial<WatchOptions>;
  now?: () => number;
}

export interface CorpusWatcher {
  /** Settles once the watcher has looked at every folder, so later changes are all seen. */
  ready: Promise<void>;
  /** Stops watching, waiting for a batch being handled. */
  close(): Promise<void>;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * Watches the corpus folder at `root` (recursively, following symlinks as the corpus walk does) and
 * hands stable changes to `onChanges` in batches. Changes from before it is ready are not reported:
 * read the corpus after `ready` to miss nothing.
 */
export function watchCorpus(root: string, options: WatchCorpusOptions): CorpusWatcher {
  const absolute = resolve(root);
  const settings = { ...WATCH_OPTIONS, ...options.options };
  const now = options.now ?? (() => Date.now());
  const collector = new ChangeCollector(absolute, settings);
  const onError = options.onError ?? (() => {});
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let checking = false;
  let delivering: Promise<void> = Promise.resolve();

  const inside = (path: string): string => toPosix(relative(absolute, resolve(absolute, path)));
  const watcher: FSWatcher = watch(absolute, {
    ignoreInitial: true,
    persistent: true,
    // Hidden folders (.git) and node_modules are not even watched; files are filtered by name below.
    ignored: (path) => {
      const file = inside(path);
      return file !== '' && file.split('/').some((part) => part.startsWith('.') || SKIPPED_DIRS.has(part));
    },
  });

  const tick = async (): Promise<void> => {
    timer = undefined;
    if (closed || checking) return;
    checking = true;
    try {
      const changes = await collector.check(now());
      if (changes && !closed) {
        delivering = delivering.then(async () => {
          try {
            await options.onChanges(changes);
          } catch (error) {
            onError(error);
          }
        });
      }
    } catch (error) {
      onError(error);
    } finally {
      checking = false;
      if (collector.pending > 0) schedule();
    }
  };
  const schedule = (): void => {
    if (closed || timer) return;
    timer = setTimeout(() => void tick(), settings.pollMs);
  };
  const onEvent = (event: 'add' | 'change' | 'unlink') => (path: string) => {
    if (closed) return;
    collector.note(event, inside(path), now());
    schedule();
  };
  watcher.on('add', onEvent('add'));
  watcher.on('change', onEvent('change'));
  watcher.on('unlink', onEvent('unlink'));
  watcher.on('error', onError);
  const ready = new Promise<void>((resolveReady) => watcher.once('ready', () => resolveReady()));

  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher.close();
      await delivering;
    },
  };
}
