// @ts-check
/* global process */
// Builds dist/ with tsc and stamps it, so `npm start` can tell a build that is up to date from one that is
// not without running tsc (a no-change incremental `tsc` still takes seconds; this check takes milliseconds).
// `node scripts/build.js` always builds; `--if-changed` only when a source is newer than the stamp.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(ROOT, 'dist', '.build-stamp');
/** What the build reads besides src/: a change to either rebuilds. */
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json'];

/** The newest modification time under `path`, folders included (a deleted file changes its folder's). */
function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether dist/ is missing, or older than a source or a tsconfig. */
export function buildIsStale() {
  const stamp = statSync(STAMP, { throwIfNoEntry: false });
  if (!stamp) return true;
  const newest = Math.max(newestMtime(join(ROOT, 'src')), ...CONFIG_FILES.map((f) => newestMtime(join(ROOT, f))));
  return newest > stamp.mtimeMs;
}

/** Runs tsc; on success stamps dist/ with the time the build started. Returns tsc's exit code. */
export function build() {
  const started = new Date();
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    process.stderr.write('paperboy: cannot build: typescript is not installed (run `npm install`)\n');
    return 1;
  }
  const run = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  const code = run.status ?? 1;
  if (code === 0) {
    writeFileSync(STAMP, '');
    // A source saved while tsc ran is newer than this, so the next start builds again.
    utimesSync(STAMP, started, started);
  }
  return code;
}

/** Builds when the sources changed (saying so on stderr); returns an exit code. */
export function buildIfChanged() {
  if (!buildIsStale()) return 0;
  process.stderr.write('paperboy: building (sources changed since the last build)…\n');
  return build();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = process.argv.includes('--if-changed') ? buildIfChanged() : build();
}
