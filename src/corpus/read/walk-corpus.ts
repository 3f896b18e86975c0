import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { classifyFile } from './corpus-format.js';

/** A file found under the corpus root. `file` is relative to the root, with `/` separators on every platform. */
export interface CorpusEntry {
  file: string;
  path: string;
  size: number;
  mtimeMs: number;
}

export interface CorpusWalk {
  /** The directory `file` names are relative to. */
  root: string;
  entries: CorpusEntry[];
}

/** Folders no one keeps papers in; hidden files and folders (`.git`, `.DS_Store`) are skipped as well. */
const SKIPPED_DIRS = new Set(['node_modules']);

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * Lists every file under `path` (a directory, read recursively, or a single file with the metadata
 * sidecars beside it), sorted by name so every run reads them in the same order. Symlinked folders are followed once; cycles are cut.
 * Throws when `path` does not exist: that is the caller's usage error, not a corpus problem.
 */
export async function walkCorpus(path: string): Promise<CorpusWalk> {
  const absolute = resolve(path);
  const info = await stat(absolute);
  if (!info.isDirectory()) {
    const root = dirname(absolute);
    const entries: CorpusEntry[] = [
      { file: basename(absolute), path: absolute, size: info.size, mtimeMs: info.mtimeMs },
    ];
    // One paper file still brings its metadata: `NAME.meta.json|yaml` beside it.
    const kind = classifyFile(absolute);
    if (kind.kind === 'paper') {
      for (const name of (await readdir(root)).sort()) {
        const sibling = classifyFile(name);
        if (sibling.kind !== 'sidecar' || sibling.stem !== kind.stem) continue;
        const { size, mtimeMs } = await stat(join(root, name));
        entries.push({ file: name, path: join(root, name), size, mtimeMs });
      }
    }
    return { root, entries };
  }
  const entries: CorpusEntry[] = [];
  const visited = new Set<string>();
  const visit = async (dir: string): Promise<void> => {
    const real = await realpath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    const children = await readdir(dir, { withFileTypes: true });
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      if (child.name.startsWith('.')) continue;
      const childPath = join(dir, child.name);
      // Symlinks and odd file systems report neither kind reliably; stat says what the name points at.
      const childInfo = child.isFile() || child.isDirectory() ? child : await stat(childPath).catch(() => undefined);
      if (!childInfo) continue;
      if (childInfo.isDirectory()) {
        if (!SKIPPED_DIRS.has(child.name)) await visit(childPath);
      } else if (childInfo.isFile()) {
        const { size, mtimeMs } = await stat(childPath);
        entries.push({ file: toPosix(relative(absolute, childPath)), path: childPath, size, mtimeMs });
      }
    }
  };
  await visit(absolute);
  return { root: absolute, entries };
}
