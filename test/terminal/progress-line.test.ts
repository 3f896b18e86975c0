import { describe, expect, it } from 'vitest';
import { indexingLine, progressLine } from '../../src/terminal/progress-line.js';

function terminal(): NodeJS.WritableStream & { isTTY: boolean; text: string } {
  const stream = {
    isTTY: true,
    text: '',
    write(chunk: string) {
      stream.text += chunk;
      return true;
    },
  };
  return stream as unknown as NodeJS.WritableStream & { isTTY: boolean; text: string };
}

describe('progressLine', () => {
  it('draws a bar with papers done, papers per second and time left', () => {
    expect(indexingLine(21_000, 87_679, 5_000)).toBe(
      'index: [#####···············] 23% 21,000/87,679 papers · 4,200 papers/s · 16 s left',
    );
  });

  it('guesses no rate in the first half second', () => {
    expect(indexingLine(10, 100, 100)).toBe('index: [##··················] 10% 10/100 papers');
  });

  it('measures the rate from the first indexing report, with the clock it is given', () => {
    const stream = terminal();
    let clock = 1_000;
    const show = progressLine(stream, () => clock);
    show({ stage: 'indexing', done: 0, total: 4_000 });
    clock += 1_000;
    show({ stage: 'indexing', done: 2_000, total: 4_000 });
    expect(stream.text.split('\r\x1b[K').at(-1)).toBe(
      'index: [##########··········] 50% 2,000/4,000 papers · 2,000 papers/s · 1 s left',
    );
    show.done();
    expect(stream.text.endsWith('\r\x1b[K')).toBe(true);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const stream = terminal();
    stream.isTTY = false;
    progressLine(stream)({ stage: 'indexing', done: 1, total: 2 });
    expect(stream.text).toBe('');
  });
});
