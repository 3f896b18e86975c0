import {
  PDFDocument,
  PDFHexString,
  PDFName,
  StandardFonts,
  beginText,
  endText,
  moveText,
  rgb,
  setFontAndSize,
  showText,
} from 'pdf-lib';

/** A run of text placed on a page; `ligature` text may contain `ﬁ`, drawn with the font's real fi glyph. */
export interface PdfText {
  text: string;
  x: number;
  y: number;
  size?: number;
}

export interface PdfPageSpec {
  /** Texts in the order they are written to the content stream (not necessarily reading order). */
  texts?: PdfText[];
  /** Draw a grey box, as a scanned page's image would cover the page, and no text. */
  scanned?: boolean;
}

const LIGATURE_FONT = 'FLig';
/** Byte the fi ligature is mapped to through the font's /Differences encoding, as TeX-made PDFs do. */
const FI_CODE = 0x80;

function encode(text: string): PDFHexString {
  const bytes = [...text].map((ch) => (ch === 'ﬁ' ? FI_CODE : ch.charCodeAt(0)));
  if (bytes.some((b) => b > 0xff)) throw new Error(`make-pdf: cannot encode ${JSON.stringify(text)}`);
  return PDFHexString.of(bytes.map((b) => b.toString(16).padStart(2, '0')).join(''));
}

/**
 * Writes a real PDF with pdf-lib. Text is drawn with a Type 1 standard font whose encoding maps one byte
 * to the `fi` glyph, so a `ﬁ` in the text is a true ligature glyph in the file, as in TeX output.
 */
export async function makePdf(
  pages: PdfPageSpec[],
  info: { title?: string; author?: string } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (info.title !== undefined) doc.setTitle(info.title);
  if (info.author !== undefined) doc.setAuthor(info.author);
  // pdf-lib sets Producer/Creator itself; a fixed date keeps the bytes stable.
  doc.setCreationDate(new Date('2024-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2024-01-01T00:00:00Z'));
  const font = doc.context.register(
    doc.context.obj({
      Type: 'Font',
      Subtype: 'Type1',
      BaseFont: 'Times-Roman',
      Encoding: doc.context.obj({
        Type: 'Encoding',
        BaseEncoding: 'WinAnsiEncoding',
        Differences: [FI_CODE, PDFName.of('fi')],
      }),
    }),
  );
  await doc.embedFont(StandardFonts.Helvetica); // an unused font: real PDFs carry several
  for (const spec of pages) {
    const page = doc.addPage([612, 792]);
    page.node.setFontDictionary(PDFName.of(LIGATURE_FONT), font);
    if (spec.scanned) page.drawRectangle({ x: 36, y: 36, width: 540, height: 720, color: rgb(0.8, 0.8, 0.8) });
    for (const t of spec.texts ?? []) {
      page.pushOperators(
        beginText(),
        setFontAndSize(LIGATURE_FONT, t.size ?? 10),
        moveText(t.x, t.y),
        showText(encode(t.text)),
        endText(),
      );
    }
  }
  return doc.save({ useObjectStreams: false });
}

/** Lines of a column, top down from `top`, `leading` points apart. */
export function column(lines: string[], x: number, top: number, leading = 14, size = 10): PdfText[] {
  return lines.map((text, i) => ({ text, x, y: top - i * leading, size }));
}
