import { describe, expect, it } from 'vitest';
import {
  authorMatches,
  authorPattern,
  foldName,
  venueKey,
  venueMatches,
} from '../../../../src/core/search/filter/name-match.js';

const name = (text: string) => foldName(text).split(' ');
const matches = (typed: string, author: string) => authorMatches(authorPattern(typed), name(author));

describe('author names as people type them', () => {
  it('ignores case and accents', () => {
    expect(matches('sandstrom', 'Erik Sandström')).toBe(true);
    expect(matches('QUIÑONERO', 'Joaquin Quiñonero Candela')).toBe(true);
  });

  it('takes initials for first names, in any order and spacing', () => {
    for (const typed of ['k. he', 'K.He', 'k he', 'he k.', 'kaiming he', 'He Kaiming'])
      expect(matches(typed, 'Kaiming He')).toBe(true);
    expect(matches('x. he', 'Kaiming He')).toBe(false);
    expect(matches('g. e. hinton', 'Geoffrey E. Hinton')).toBe(true);
  });

  it('needs every whole word typed: a surname is not a prefix', () => {
    expect(matches('hint', 'Geoffrey Hinton')).toBe(false);
    expect(matches('he', 'Kaiming He')).toBe(true);
    expect(matches('he', 'Hector Lopez')).toBe(false);
  });
});

describe('venues as people type them', () => {
  it('knows aliases and takes a year out', () => {
    expect(venueKey('NeurIPS 2023')).toEqual({ words: ['neurips'], year: 2023 });
    expect(venueKey('nips')).toEqual({ words: ['neurips'], year: null });
    expect(venueKey('iclr2024')).toEqual({ words: ['iclr'], year: 2024 });
    expect(venueKey('Neural Information Processing Systems')).toEqual({ words: ['neurips'], year: null });
  });

  it('matches the words of a venue together, and a year typed with it', () => {
    expect(venueMatches(venueKey('neurips'), venueKey('nips'), 2019)).toBe(true);
    expect(venueMatches(venueKey('nips 2019'), venueKey('nips'), 2019)).toBe(true);
    expect(venueMatches(venueKey('nips 2019'), venueKey('nips'), 2020)).toBe(false);
    expect(venueMatches(venueKey('icml'), venueKey('ICML Workshop on Theory'), 2021)).toBe(true);
    expect(venueMatches(venueKey('icml'), venueKey('iclr'), 2021)).toBe(false);
    expect(venueMatches(venueKey('colt'), venueKey('COLT 2026 (PMLR 336)'), 2026)).toBe(true);
  });
});
