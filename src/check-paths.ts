// The folders a run reads and writes, checked before anything else touches them, so a bad path is one line
// naming its variable instead of a stack trace (or, for a folder under /proc, a hang: see makeFolder).
import { mkdir, opendir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { classifyFile } from './corpus/read/corpus-format.js';

/** A path check's verdict: nothing, or what is wrong with it, to follow `NAME: `. */
export type PathProblem = string | undefined;

function code(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}

/**
 * Checks that `path` (absolute) is a corpus: a folder that can be listed, or one paper file.
 * @example await checkCorpusPath('/tmp/nope') // '"/tmp/nope" does not exist'
 */
export async function checkCorpusPath(path: string): Promise<PathProblem> {
  const shown = JSON.stringify(path);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    return code(error) === 'ENOENT' ? `${shown} does not exist` : `${shown} cannot be read (${code(error)})`;
  }
  if (!info.isDirectory()) {
    if (info.isFile() && classifyFile(path).kind === 'paper') return undefined;
    return `${shown} is not a folder (nor a paper file: .txt, .jsonl, .jsonl.gz, .md, .pdf, .bib)`;
  }
  try {
    await (await opendir(path)).close();
  } catch (error) {
    return `${shown} cannot be listed (${code(error)})`;
  }
  return undefined;
}

/**
 * Creates the folder `path` (absolute) and the missing folders above it, one `mkdir` at a time. Not
 * `mkdir(path, { recursive: true })`: Node 20's retries forever when `mkdir` fails with ENOENT under a parent
 * that exists, which is what /proc and /sys answer, spinning a core with no output.
 */
export async function makeFolder(path: string): Promise<void> {
  const missing: string[] = [];
  let at = path;
  for (;;) {
    const info = await stat(at).catch((error: unknown) => {
      if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR') return undefined; // a file above: found next
      throw error;
    });
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
    at = dirname(at);
  }
  for (const folder of missing) {
    await mkdir(folder).catch((error: unknown) => {
      if (code(error) !== 'EEXIST') throw error;
    });
  }
}

/**
 * Makes sure `path` (absolute) is a folder this process can write to, creating it if needed.
 * @example await prepareDataFolder('/proc/nope') // '"/proc/nope" cannot be created (ENOENT)'
 */
export async function prepareDataFolder(path: string): Promise<PathProblem> {
  const shown = JSON.stringify(path);
  const info = await stat(path).catch(() => undefined);
  if (info && !info.isDirectory()) return `${shown} is a file, not a folder`;
  if (!info) {
    try {
      await makeFolder(path);
    } catch (error) {
      const reason =
        code(error) === 'ENOTDIR'
          ? (error as Error).message
          : code(error) === 'ENOENT'
            ? 'ENOENT: the folder above takes no new folders, as under /proc'
            : code(error);
      return `${shown} cannot be created (${reason})`;
    }
  }
  // Root passes every access() check, so only a real write tells (a read-only mount, /proc).
  const probe = join(path, `.paperboy-write-check-${process.pid}`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
  } catch (error) {
    return `${shown} is not writable (${code(error)})`;
  }
  await rm(probe, { force: true });
  return undefined;
}
