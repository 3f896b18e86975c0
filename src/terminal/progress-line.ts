import type { OpenProgress } from '../corpus/open-index.js';

/** A one-line progress display on a terminal's stderr; nothing when stderr is not a TTY. */
export function progressLine(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
): ((progress: OpenProgress) => void) & { done(): void } {
  let shown = '';
  const show = (progress: OpenProgress) => {
    if (!stream.isTTY) return;
    const line =
      progress.stage === 'saving'
        ? 'index: saving the snapshot…'
        : `${progress.stage === 'reading' ? `corpus: reading ${progress.file}` : 'index: indexing chunks'} ` +
          `${progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 100}%`;
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
