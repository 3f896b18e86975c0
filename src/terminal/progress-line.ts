import type { OpenProgress } from '../corpus/open-index.js';

/** Cells of the bar drawn while papers are indexed. */
const BAR_WIDTH = 20;
/** Rate and time left are guessed only after this long: the first moments say little. */
const SETTLE_MS = 500;

/**
 * The line shown while papers are indexed: a bar, papers done of all, papers per second and time left
 * (once `elapsedMs` is long enough to tell).
 * @example indexingLine(21_000, 87_679, 5_000) // 'index: [#####···············] 24% 21,000/87,679 papers · 4,200 papers/s · 16 s left'
 */
export function indexingLine(done: number, total: number, elapsedMs: number): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'·'.repeat(BAR_WIDTH - filled)}]`;
  let line = `index: ${bar} ${Math.floor(share * 100)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} papers`;
  if (elapsedMs >= SETTLE_MS && done > 0) {
    const rate = (done * 1000) / elapsedMs;
    line += ` · ${Math.round(rate).toLocaleString('en-US')} papers/s · ${Math.ceil((total - done) / rate)} s left`;
  }
  return line;
}

/**
 * A one-line progress display on a terminal's stderr; nothing when stderr is not a TTY. `now` is the
 * clock in milliseconds (the rate of indexing is measured from the first indexing report).
 */
export function progressLine(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  now: () => number = () => performance.now(),
): ((progress: OpenProgress) => void) & { done(): void } {
  let shown = '';
  let indexingSince: number | undefined;
  const show = (progress: OpenProgress) => {
    if (!stream.isTTY) return;
    let line: string;
    if (progress.stage === 'saving') line = 'index: saving the snapshot…';
    else if (progress.stage === 'reading') {
      const percent = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 100;
      line = `corpus: reading ${progress.file} ${percent}%`;
    } else {
      indexingSince ??= now();
      line = indexingLine(progress.done, progress.total, now() - indexingSince);
    }
    if (line === shown) return;
    shown = line;
    stream.write(`\r\x1b[K${line}`);
  };
  return Object.assign(show, {
    done: () => {
      if (stream.isTTY && shown !== '') stream.write('\r\x1b[K');
    },
  });
}
