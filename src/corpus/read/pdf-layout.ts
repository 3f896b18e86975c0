/** A positioned run of text on a PDF page (PDF coordinates: origin bottom-left, y grows upwards). */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  fontSize: number;
  hasEOL: boolean;
}

interface PdfLine {
  text: string;
  x0: number;
  x1: number;
  y: number;
  fontSize: number;
}

/** A column needs this many lines before a page is read as two columns. */
const MIN_COLUMN_LINES = 3;

/**
 * Fixes what PDF text extraction leaves: ligatures and other compatibility characters (`ﬁ` → `fi`, by NFKC),
 * soft hyphens, and runs of spaces.
 * @example normalizePdfText('eﬃcient  and ﬁne') // 'efficient and fine'
 */
export function normalizePdfText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\u00ad/g, '')
    .replace(/[ \t\u00a0]+/g, ' ');
}

/** Groups items into lines: a new line starts where the baseline moves or a gutter-wide gap opens. */
function toLines(items: readonly PdfTextItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: PdfLine | undefined;
  for (const item of items) {
    // Whitespace-only items (pdf.js fills gaps with them, even across a column gutter) carry no layout.
    if (item.str.trim() === '') {
      if (item.hasEOL) current = undefined;
      continue;
    }
    const size = item.fontSize > 0 ? item.fontSize : 10;
    const sameBaseline = current !== undefined && Math.abs(current.y - item.y) <= size * 0.4;
    const gap = current === undefined ? 0 : item.x - current.x1;
    if (current && sameBaseline && gap < size * 2.5 && gap > -size) {
      const glue = /\s$/.test(current.text) || /^\s/.test(item.str) || gap <= size * 0.12 ? '' : ' ';
      current.text += glue + item.str;
      current.x1 = Math.max(current.x1, item.x + item.width);
      current.fontSize = Math.max(current.fontSize, size);
    } else {
      current = { text: item.str, x0: item.x, x1: item.x + item.width, y: item.y, fontSize: size };
      lines.push(current);
    }
    if (item.hasEOL) current = undefined;
  }
  return lines.map((l) => ({ ...l, text: l.text.trim() })).filter((l) => l.text !== '');
}

/**
 * Puts a page's lines in reading order. When enough lines sit wholly left and wholly right of the page's
 * middle, the page is read as two columns: what spans the width above them (title, authors) first, then the
 * left column top-down, then the right, then what spans below. Otherwise the content-stream order stands.
 */
function readingOrder(lines: PdfLine[], pageWidth: number): PdfLine[] {
  const middle = pageWidth / 2;
  const left = lines.filter((l) => l.x1 <= middle + 2);
  const right = lines.filter((l) => l.x0 >= middle - 2);
  if (left.length < MIN_COLUMN_LINES || right.length < MIN_COLUMN_LINES) return lines;
  const columnTop = Math.max(...left.map((l) => l.y), ...right.map((l) => l.y));
  const spanning = lines.filter((l) => !left.includes(l) && !right.includes(l));
  const down = (a: PdfLine, b: PdfLine) => b.y - a.y || a.x0 - b.x0;
  return [
    ...spanning.filter((l) => l.y > columnTop).sort(down),
    ...left.sort(down),
    ...right.sort(down),
    ...spanning.filter((l) => l.y <= columnTop).sort(down),
  ];
}

/**
 * A page's text in reading order: lines of a paragraph joined by spaces, a word hyphenated across a line
 * break joined again (`contin-` + `ues` → `continues`), paragraphs (a gap of well over a line, or a new type
 * size) separated by a blank line, compatibility characters normalised.
 */
export function layoutPageText(items: readonly PdfTextItem[], pageWidth: number): string {
  const lines = readingOrder(toLines(items), pageWidth);
  let text = '';
  let previous: PdfLine | undefined;
  for (const line of lines) {
    if (previous === undefined) {
      text = line.text;
    } else {
      const drop = previous.y - line.y;
      const larger = Math.max(previous.fontSize, line.fontSize);
      // A gap of well over a line, or a change of type size (title → authors → body), ends a paragraph.
      const paragraph = drop > larger * 1.8 || Math.abs(previous.fontSize - line.fontSize) > larger * 0.15;
      if (!paragraph && /\p{L}-$/u.test(text) && /^\p{Ll}/u.test(line.text)) text = text.slice(0, -1) + line.text;
      else text += (paragraph ? '\n\n' : ' ') + line.text;
    }
    previous = line;
  }
  return normalizePdfText(text).trim();
}

/**
 * The first page's largest text, when it stands out from the body (at least 15% larger than the most common
 * size) and reads like a title; consecutive lines at that size are joined.
 */
export function largestText(items: readonly PdfTextItem[]): string | undefined {
  const lines = toLines(items);
  if (lines.length === 0) return undefined;
  const weight = new Map<number, number>();
  for (const l of lines) weight.set(Math.round(l.fontSize), (weight.get(Math.round(l.fontSize)) ?? 0) + l.text.length);
  const bodySize = [...weight].sort((a, b) => b[1] - a[1])[0]![0];
  const largest = Math.max(...lines.map((l) => l.fontSize));
  if (largest < bodySize * 1.15) return undefined;
  const first = lines.findIndex((l) => l.fontSize >= largest - 0.5);
  const parts: string[] = [];
  for (let i = first; i < lines.length && lines[i]!.fontSize >= largest - 0.5; i++) parts.push(lines[i]!.text);
  const title = normalizePdfText(parts.join(' ')).trim();
  return title.length >= 3 && title.length <= 300 ? title : undefined;
}
