import { describe, expect, it } from 'vitest';
import {
  decodeAskButton,
  encodeAskButton,
  normalizeQuestion,
  QUESTION_MAX,
  questionHash,
} from '../../../src/discord/ask/ask-state.js';
import { CUSTOM_ID_MAX } from '../../../src/discord/limits.js';

describe('ask button state', () => {
  it('round-trips through a custom id well under 100 characters', () => {
    const state = { action: 'p' as const, offset: 123_456, hash: questionHash('what is DropPos?') };
    const id = encodeAskButton(state);
    expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
    expect(decodeAskButton(id)).toEqual(state);
  });

  it('treats other formats and tampered ids as expired', () => {
    expect(decodeAskButton('ask0:p:0:abcdefghijkl')).toBeUndefined();
    expect(decodeAskButton('ask1:x:0:abcdefghijkl')).toBeUndefined();
    expect(decodeAskButton('ask1:p:0:short')).toBeUndefined();
    expect(decodeAskButton('digest:1')).toBeUndefined();
  });

  it('hashes questions stably and tells them apart', () => {
    expect(questionHash('a')).toBe(questionHash('a'));
    expect(questionHash('a')).not.toBe(questionHash('b'));
    expect(questionHash('a')).toMatch(/^[\w-]{12}$/);
  });
});

describe('normalizeQuestion', () => {
  it('collapses whitespace and removes zero-width characters', () => {
    expect(normalizeQuestion('  what\n\tis\u200b DropPos?  ')).toBe('what is DropPos?');
  });

  it('keeps a question of exactly the maximum and cuts one over at a word', () => {
    const exact = 'a'.repeat(QUESTION_MAX);
    expect(normalizeQuestion(exact)).toBe(exact);
    const over = `${'word '.repeat(60)}x`.trim();
    expect(over.length).toBe(QUESTION_MAX + 1);
    const cut = normalizeQuestion(over);
    expect(cut.length).toBeLessThanOrEqual(QUESTION_MAX);
    expect(cut.endsWith('word')).toBe(true);
  });
});
