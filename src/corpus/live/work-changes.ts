import type { ReloadedFile } from '../../core/paper/corpus-reload.js';
import type { Paper } from '../../core/paper/paper.js';
import { samePaper } from '../../core/paper/same-paper.js';

/** How the index changes when the works of some files are made afresh. */
export interface WorkChanges {
  /** Ids of the works that leave the index. */
  remove: string[];
  /** Works that join the index or replace the work of their id. */
  add: Paper[];
  /** Ids of the works new to the corpus (their first-seen time is now). */
  added: string[];
  replaced: number;
  /** Works gone for good: their papers went on in no other work. */
  removed: number;
  /** The index's works that were removed or replaced, as it held them. */
  before: Paper[];
  /** A work under a new id → the old works whose papers it holds: it keeps their first-seen time. */
  inherits: Map<string, string[]>;
}

export interface WorkChangesInput {
  /** The works the index holds for the files read (id → its file): every paper of each was read again. */
  old: ReadonlyMap<string, string>;
  /** The works made afresh from the papers read. */
  works: readonly Paper[];
  /** The index's work of an id. */
  held: (id: string) => Paper | undefined;
  /** The per-file line of the reload, counted into. */
  report: (file: string) => ReloadedFile;
  /** Lets the event loop run now and then (a file of 90,000 papers is compared a slice per turn). */
  pace: () => Promise<void>;
}

/**
 * Compares the works made afresh with the index's: an unchanged work stays, a changed one is replaced, a
 * new one joins, an old one no longer made leaves. A work under a new id that holds papers of old works
 * carries them on (the first paper of a work changed, or a work split): it replaces the work whose id went,
 * or is added beside it, and keeps its first-seen time either way, so it is never new to a digest.
 */
export async function planWorkChanges(input: WorkChangesInput): Promise<WorkChanges> {
  const { old, works, held, report, pace } = input;
  const holder = new Map<string, string>(); // paper id → the old work holding it
  for (const id of old.keys()) {
    holder.set(id, id);
    for (const member of held(id)?.merged ?? []) holder.set(member.id, id);
  }
  const next = new Set(works.map((p) => p.id));
  const carried = new Set<string>();
  const inherits = new Map<string, string[]>();
  for (const paper of works) {
    if (old.has(paper.id)) continue;
    const from = [paper.id, ...(paper.merged ?? []).map((m) => m.id)].flatMap((id) => holder.get(id) ?? []);
    if (from.length === 0) continue;
    inherits.set(paper.id, [...new Set(from)]);
    for (const id of from) carried.add(id);
  }

  const changes: WorkChanges = { remove: [], add: [], added: [], replaced: 0, removed: 0, before: [], inherits };
  for (const [id, file] of old) {
    await pace();
    if (next.has(id)) continue; // still a work of its own: replaced below, or unchanged
    changes.before.push(held(id)!);
    changes.remove.push(id);
    if (carried.has(id)) continue;
    report(file).removed++;
    changes.removed++;
  }
  for (const paper of works) {
    const entry = report(paper.source.file);
    if (!old.has(paper.id)) {
      changes.add.push(paper);
      if (inherits.get(paper.id)?.some((id) => !next.has(id))) {
        entry.replaced++;
        changes.replaced++;
      } else {
        changes.added.push(paper.id);
        entry.added++;
      }
      continue;
    }
    await pace(); // comparing makes the indexed paper
    const before = held(paper.id);
    if (before && samePaper(before, paper)) continue;
    if (before) changes.before.push(before);
    changes.add.push(paper);
    entry.replaced++;
    changes.replaced++;
  }
  return changes;
}
