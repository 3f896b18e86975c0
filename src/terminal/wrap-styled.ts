// Wrapping text that carries ANSI styles: widths count what the terminal shows, not the escape sequences.

// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-9;]*m|\u001b\]8;;[^\u001b]*\u001b\\/g;

/** The number of columns `text` takes on screen (escape sequences take none). */
export function visibleLength(text: string): number {
  return [...text.replace(ESCAPES, '')].length;
}

/**
 * `text` wrapped at spaces so that every line, prefix included, fits `width` columns: the first line starts
 * with `first`, the others with `rest` (a word longer than a line stands alone).
 * @example wrapStyled('one two three', 9, '│ ', '│ ') // '│ one two\n│ three'
 */
export function wrapStyled(text: string, width: number, first: string, rest: string): string {
  const lines: string[] = [];
  let prefix = first;
  let line = '';
  let used = 0;
  for (const word of text.split(' ')) {
    const length = visibleLength(word);
    if (line !== '' && visibleLength(prefix) + used + 1 + length > width) {
      lines.push(prefix + line);
      prefix = rest;
      line = word;
      used = length;
    } else if (line === '') {
      line = word;
      used = length;
    } else {
      line = `${line} ${word}`;
      used += 1 + length;
    }
  }
  lines.push(prefix + line);
  return lines.join('\n');
}
