import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../../src/core/answer/answer.js';
import { SearchIndex } from '../../src/core/search/search-index.js';
import { reloadNotice, respond, runChat, type ChatIo } from '../../src/terminal/chat.js';
import { visibleLength } from '../../src/terminal/wrap-styled.js';
import { formatAnswer, PLAIN, RICH } from '../../src/terminal/format-answer.js';
import { seedPapers } from '../core/search-fixtures.js';

let index: SearchIndex;
beforeAll(async () => {
  index = SearchIndex.build(await seedPapers());
});

async function chat(
  lines: string[],
  tty?: { columns: number; terminal: NonNullable<ChatIo['terminal']> },
): Promise<string> {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), tty ? { isTTY: true, columns: tty.columns } : {});
  const parts: Buffer[] = [];
  output.on('data', (b: Buffer) => parts.push(b));
  const done = runChat(index, { input, output, ...(tty ? { terminal: tty.terminal } : {}) });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return Buffer.concat(parts).toString('utf8');
}

const QUESTION = 'what mask ratio does PRED use for point-wise masking';

describe('terminal chat', () => {
  it('answers each piped line in plain text and ends at end of input', async () => {
    const out = await chat([QUESTION, '', '/paper dropos', 'the capital of france']);
    expect(out).not.toContain('\u001b');
    expect(out).toContain('1. PRED: Pre-training via Semantic Rendering on LiDAR Point Clouds');
    expect(out).toContain('answer: We further enhance our model');
    expect(out).toContain('code: https://github.com/PRED4pc/PRED');
    expect(out).toContain('1. DropPos: Pre-Training Vision Transformers');
    expect(out).toContain('No paper mentions any of those words.');
    expect(out).toContain('No paper contains: capital, france');
    const order = ['1. PRED', '1. DropPos', 'No paper mentions'].map((text) => out.indexOf(text));
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('shows help, pages with /more and stops at /quit', async () => {
    const out = await chat(['/help', 'pre-training', '/more', '/quit', QUESTION]);
    expect(out).toContain('/paper QUERY');
    expect(out).toContain('Papers 1–3 of');
    expect(out).toContain('Papers 4–');
    expect(out).not.toContain('answer: We further enhance');
  });

  it('renders bold terms and OSC 8 links on a TTY, nothing of the sort when piped', () => {
    const answer = ask(index, QUESTION);
    const rich = formatAnswer(answer, RICH);
    expect(rich).toContain('\u001b]8;;https://github.com/PRED4pc/PRED\u001b\\');
    expect(rich).toContain('\u001b[1mmask\u001b[22m');
    const plain = formatAnswer(answer, PLAIN);
    expect(plain).not.toContain('\u001b');
    expect(plain).toContain('paper page: https://arxiv.org/abs/2311.04501');
  });

  it('leaves out the byline, not just its text, for a paper with no authors or venue', async () => {
    const bare = SearchIndex.build([
      { ...(await seedPapers())[0]!, id: 'bare', authors: [], venue: null, year: null, title: 'Zebra finch songs' },
    ]);
    const lines = formatAnswer(ask(bare, 'zebra finch songs'), PLAIN).split('\n');
    const title = lines.findIndex((line) => line.includes('Zebra finch songs'));
    expect(lines[title + 1]).toMatch(/^ {3}answer: /);
  });

  it('never passes control characters from a paper to the terminal', async () => {
    const evil = SearchIndex.build([
      {
        ...(await seedPapers())[0]!,
        id: 'evil',
        title: 'Evil \u001b[2J title',
        text: 'Clears \u001b]0;pwned\u0007 the screen.',
      },
    ]);
    const out = formatAnswer(ask(evil, 'evil clears screen'), PLAIN);
    // eslint-disable-next-line no-control-regex -- looking for exactly those characters
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it('says the corpus has no papers instead of "Unknown words" when it is empty', async () => {
    const empty = SearchIndex.build([]);
    for (const line of [QUESTION, '/paper dropos']) {
      expect(await respond(empty, line, PLAIN, { offset: 0 })).toEqual({
        kind: 'reply',
        text: 'The corpus has no papers yet: put .txt, .jsonl, .md, .pdf or .bib files in it (see docs/corpus.md).',
      });
    }
  });

  it('on a terminal not known for OSC 8 prints the URLs, and wraps passages to its width under the │', async () => {
    const out = await chat([QUESTION], { columns: 60, terminal: { noColor: false, hyperlinks: false } });
    expect(out).toContain('\u001b[1m');
    expect(out).not.toContain('\u001b]8;;');
    expect(out).toContain('code: https://github.com/PRED4pc/PRED');
    const passageLines = out.split('\n').filter((line) => line.startsWith('   │ '));
    expect(passageLines.length).toBeGreaterThan(3);
    for (const line of out.split('\n')) if (!line.includes('http')) expect(visibleLength(line)).toBeLessThanOrEqual(60);
  });

  it('makes links clickable only where the terminal renders OSC 8', async () => {
    const out = await chat([QUESTION], { columns: 100, terminal: { noColor: false, hyperlinks: true } });
    expect(out).toContain('\u001b]8;;https://github.com/PRED4pc/PRED\u001b\\');
  });

  it('writes no escape sequence at all under NO_COLOR or --plain, even on a terminal', async () => {
    for (const terminal of [
      { noColor: true, hyperlinks: true },
      { noColor: false, hyperlinks: true, plain: true },
    ]) {
      const out = await chat([QUESTION], { columns: 100, terminal });
      expect(out).not.toContain('\u001b');
      expect(out).toContain('code: https://github.com/PRED4pc/PRED');
    }
  });
});

describe('terminal answer: what a paper lacks', () => {
  it('says next to the paper which content words it does not mention, and never lists filler', () => {
    const answer = ask(index, 'what batch size does DropPos use for pre-training');
    const text = formatAnswer(answer, PLAIN);
    expect(text).toContain('note: DropPos does not mention “batch size”.');
    expect(text).toMatch(/why: DropPos \(title\), pre-training \(title\) · not found: batch, size/);
    expect(text).not.toMatch(/\buse\b.*\(/);
  });
});

/** The chat on a fake terminal: keys typed in, the screen's bytes out (escape sequences stripped by `screen`). */
function terminalChat(attachNotices?: NonNullable<ChatIo['attachNotices']>) {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 200 });
  let written = '';
  output.on('data', (b: Buffer) => (written += b.toString('utf8')));
  const done = runChat(index, {
    input,
    output,
    terminal: { noColor: true, hyperlinks: false },
    ...(attachNotices ? { attachNotices } : {}),
  });
  return {
    done,
    /** Types `keys`, then lets readline handle them. */
    async type(keys: string) {
      input.write(keys);
      await new Promise((resolve) => setImmediate(resolve));
    },
    /** What was written since the last call, escape sequences left out. */
    screen() {
      // eslint-disable-next-line no-control-regex -- removing exactly the terminal's escape sequences
      const text = written.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
      written = '';
      return text;
    },
  };
}

const ESTIMATION =
  'On the Asymptotics of Self-Supervised Pre-training: Two-Stage M-Estimation and Representation Symmetry';
const MODALITY =
  'On the Effect of Pre-training for Transformer in Different Modality on Offline Reinforcement Learning';

describe('terminal chat on a terminal', () => {
  it('shows a reload notice on its own line, naming the problem, and redraws what was being typed', async () => {
    let show: (notice: string) => void = () => {};
    const chat = terminalChat((s) => (show = s));
    await chat.type('what is Drop');
    chat.screen();
    const problem = { file: 'bad.jsonl', line: 2, message: 'not JSON: "{oops"' };
    show(reloadNotice({ at: '', added: 1, replaced: 0, removed: 0, files: [], problems: [problem] }));
    expect(chat.screen()).toBe(
      'paperboy: corpus reloaded: 1 paper added in 0 files; 1 problem (corpus: bad.jsonl:2: not JSON: "{oops")\n' +
        'paperboy> what is Drop',
    );
    await chat.type('Pos\r');
    expect(chat.screen()).toContain('1. DropPos: Pre-Training Vision Transformers');
    await chat.type('/quit\r');
    await chat.done;
  });

  it('lists the titles that match on the second Tab, and inserts a whole title, never one cut short', async () => {
    const chat = terminalChat();
    await chat.type('/paper On the');
    chat.screen();
    await chat.type('\t');
    await chat.type('\t');
    const listed = chat.screen();
    expect(listed).toContain(ESTIMATION);
    expect(listed).toContain(MODALITY);
    await chat.type('A\t');
    expect(chat.screen()).toBe(ESTIMATION.slice('On the '.length));
    await chat.type('\r');
    expect(chat.screen()).toContain(`1. ${ESTIMATION}`);
    await chat.type('\u0004');
    await chat.done;
  });

  it('clears a half-typed line at the first Ctrl-C and quits at the second', async () => {
    const chat = terminalChat();
    await chat.type('what is Drop');
    await chat.type('\u0003');
    expect(chat.screen()).toMatch(/what is Drop\^C\n(paperboy> )+$/);
    await chat.type('DropPos\r');
    expect(chat.screen()).toContain('1. DropPos: Pre-Training Vision Transformers');
    let quit = false;
    void chat.done.then(() => (quit = true));
    await chat.type('\u0003');
    await chat.done;
    expect(quit).toBe(true);
  });

  it('quits at Ctrl-D on an empty line, not on a half-typed one', async () => {
    const chat = terminalChat();
    let quit = false;
    void chat.done.then(() => (quit = true));
    await chat.type('drop\u0001\u0004');
    expect(quit).toBe(false);
    await chat.type('\u0005\u0015\u0004');
    await chat.done;
  });
});
