import { describe, expect, it } from 'vitest';
import {
  CUT_MARKER,
  escapeText,
  escapeTitle,
  fitPassage,
  fitPieces,
  maskedLink,
  neutralizeMentions,
  renderMarked,
  truncateWords,
} from '../../../src/discord/format/format-text.js';

const ZWSP = '\u200b';

/** Discord parses these as pings or mentions; none may survive formatting. */
const LIVE_MENTION = /@everyone|@here|<@!?\d+>|<@&\d+>|<#\d+>|<\/[\w-]+:\d+>|<a?:\w+:\d+>|<t:\d+/i;

describe('neutralizeMentions', () => {
  it('breaks @everyone, @here and every kind of <…> mention', () => {
    const hostile = '@everyone @HERE <@123> <@!123> <@&456> <#789> </ask:1> <:pog:1> <a:pog:1> <t:1700000000:R>';
    const out = neutralizeMentions(hostile);
    expect(out).not.toMatch(LIVE_MENTION);
    expect(out.replaceAll(ZWSP, '')).toBe(hostile);
  });

  it('leaves ordinary angle brackets and e-mail-like text readable', () => {
    expect(neutralizeMentions('a < b and x<y')).toBe('a < b and x<y');
  });
});

describe('escapeText', () => {
  it('escapes inline markdown so it renders as written', () => {
    expect(escapeText('**bold** _it_ ~~s~~ `code` ||spoiler|| [x](https://evil.example)')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\`code\\` \\|\\|spoiler\\|\\| \\[x\\]\\(<https://evil.example>\\)',
    );
  });

  it('escapes headings, quotes, lists and subtext only at the start of a line', () => {
    expect(escapeText('# Title\n> quote\n- item\n-# small\n1. first\na - b # c > d')).toBe(
      '\\# Title\n\\> quote\n\\- item\n\\-# small\n1\\. first\na - b # c > d',
    );
  });

  it('keeps URLs whole and unescaped, wrapped to suppress previews', () => {
    expect(escapeText('code at https://github.com/a_b/c*d. Done')).toBe('code at <https://github.com/a_b/c*d>. Done');
  });

  it('escapes backslashes so they cannot escape our own markup', () => {
    expect(escapeText('a\\*b')).toBe('a\\\\\\*b');
  });
});

describe('renderMarked', () => {
  it('bolds highlighted spans and escapes inside them', () => {
    expect(renderMarked('the DropPos_v2 model', [{ start: 4, end: 14 }])).toBe('the **DropPos\\_v2** model');
  });

  it('merges overlapping and touching highlights into one bold run', () => {
    expect(
      renderMarked('pretraining', [
        { start: 0, end: 3 },
        { start: 3, end: 11 },
      ]),
    ).toBe('**pretraining**');
  });

  it('never puts bold markers around whitespace or inside a URL', () => {
    expect(renderMarked('see https://x.org/mask now', [{ start: 3, end: 26 }])).toBe(
      'see <https://x.org/mask> **now**',
    );
  });

  it('ignores highlights outside the text', () => {
    expect(renderMarked('abc', [{ start: 10, end: 20 }])).toBe('abc');
  });
});

describe('fitPassage', () => {
  const text = 'Masking ratio is 95%. We use point-wise masking. The rest is unchanged.';

  it('returns the whole passage when it fits exactly', () => {
    expect(fitPassage(text, text.length)).toBe(text);
  });

  it('cuts at the last whole sentence with a marker when one character over', () => {
    const out = fitPassage(text, text.length - 1);
    expect(out).toBe(`Masking ratio is 95%. We use point-wise masking. ${CUT_MARKER}`);
    expect(out.length).toBeLessThanOrEqual(text.length - 1);
  });

  it('falls back to whole words when the first sentence is too long', () => {
    const out = fitPassage('alpha beta gamma delta epsilon.', 20);
    expect(out).toBe(`alpha beta gamma ${CUT_MARKER}`);
    expect(out.length).toBeLessThanOrEqual(20);
  });

  it('never cuts a link: drops it whole instead', () => {
    const url = 'https://example.org/' + 'x'.repeat(50);
    const out = fitPassage(`see ${url} for code`, 40);
    expect(out).toBe(`see ${CUT_MARKER}`);
    expect(fitPassage(url, 20)).toBe(CUT_MARKER);
  });

  it('counts escapes and bold markers against the limit', () => {
    const raw = '*a* *b* *c*. Next sentence here.';
    for (let max = 1; max <= 60; max++) {
      const out = fitPassage(raw, max, { highlights: [{ start: 0, end: 3 }] });
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/(^|[^\\])\\$/);
    }
  });

  it('keeps every cut inside the limit and on a word boundary, for every limit', () => {
    const raw = 'Self-supervised pre-training uses <@123> and @everyone. It works [well](https://e.x). Third one here.';
    for (let max = 0; max <= raw.length + 40; max++) {
      const out = fitPassage(raw, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(LIVE_MENTION);
      if (out.endsWith(` ${CUT_MARKER}`)) {
        const kept = out
          .slice(0, -2)
          .replaceAll(ZWSP, '')
          .replace(/\\(.)/g, '$1')
          .replace(/<(https?:[^>]+)>/g, '$1');
        expect(raw.startsWith(kept) && /\s/.test(raw[kept.length] ?? ' ')).toBe(true);
      }
    }
  });

  it('collapses PDF line breaks and marks a continued passage', () => {
    expect(fitPassage('two\n\nlines  here', 100, { continued: true })).toBe(`${CUT_MARKER} two lines here`);
  });

  it('keeps highlights aligned after collapsing whitespace', () => {
    expect(fitPassage('a\n\n\nDropPos b', 100, { highlights: [{ start: 4, end: 11 }] })).toBe('a **DropPos** b');
  });

  it('does not split an emoji when a single word must be cut', () => {
    const out = fitPassage('😀'.repeat(20), 12);
    expect(out.length).toBeLessThanOrEqual(12);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('truncateWords', () => {
  it('keeps text that fits exactly', () => {
    expect(truncateWords('abc def', 7)).toBe('abc def');
  });

  it('cuts one over at a word boundary with a marker', () => {
    expect(truncateWords('abc def', 6)).toBe(`abc${CUT_MARKER}`);
    expect(truncateWords('Reconstructing Dropped Positions', 20)).toBe(`Reconstructing${CUT_MARKER}`);
  });

  it('cuts inside a single long word only when it must', () => {
    expect(truncateWords('abcdefghij', 5)).toBe(`abcd${CUT_MARKER}`);
  });
});

describe('escapeTitle and maskedLink', () => {
  it('fits the escaped title within the limit, escapes counted', () => {
    const title = '*'.repeat(300);
    const out = escapeTitle(title, 256);
    expect(out.length).toBeLessThanOrEqual(256);
    expect(out).not.toMatch(/(^|[^\\])\\$/);
  });

  it('makes a masked link with an escaped label and a safe target', () => {
    expect(maskedLink('DropPos [v2] @here', 'https://x.org/a (b)')).toBe(
      `[DropPos \\[v2\\] @${ZWSP}here](https://x.org/a%20%28b%29)`,
    );
  });

  it('renders a non-http target as plain text', () => {
    expect(maskedLink('evil', 'javascript:alert(1)')).toBe('evil');
  });
});

describe('fitPieces', () => {
  it('keeps every piece when they fit exactly, separators counted', () => {
    expect(fitPieces(['ab', 'cd'], 5, '\n')).toBe('ab\ncd');
  });

  it('keeps whole pieces and ends with a marker when one over', () => {
    expect(fitPieces(['ab', 'cd', 'ef'], 7, '\n')).toBe(`ab\ncd\n${CUT_MARKER}`);
    expect(fitPieces(['ab', 'cd', 'ef'], 6, '\n')).toBe(`ab\n${CUT_MARKER}`);
    expect(fitPieces(['ab', 'cd', 'ef'], 7, '\n').length).toBeLessThanOrEqual(7);
  });

  it('never cuts a piece, even the first', () => {
    expect(fitPieces(['\\*\\*long\\*\\*'], 4, ' · ')).toBe(CUT_MARKER);
    expect(fitPieces([], 10, ' · ')).toBe('');
  });
});
