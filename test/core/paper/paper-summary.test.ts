import { describe, expect, it } from 'vitest';
import { venueAndYear } from '../../../src/core/paper/paper-summary.js';

describe('venueAndYear', () => {
  it('adds the year to a venue that lacks it', () => {
    expect(venueAndYear({ venue: 'ICML', year: 2021 })).toBe('ICML 2021');
  });

  it('does not repeat a year the venue already holds', () => {
    expect(venueAndYear({ venue: 'NeurIPS 2023', year: 2023 })).toBe('NeurIPS 2023');
    expect(venueAndYear({ venue: 'COLT 2026 (PMLR 336)', year: 2026 })).toBe('COLT 2026 (PMLR 336)');
  });

  it('adds the year when the venue holds only a longer number containing it', () => {
    expect(venueAndYear({ venue: 'PMLR 20231', year: 2023 })).toBe('PMLR 20231 2023');
    expect(venueAndYear({ venue: 'ICLR 2022', year: 2023 })).toBe('ICLR 2022 2023');
  });

  it('gives whichever part is known, or nothing', () => {
    expect(venueAndYear({ venue: null, year: 2019 })).toBe('2019');
    expect(venueAndYear({ venue: 'arXiv', year: null })).toBe('arXiv');
    expect(venueAndYear({ venue: '  ', year: null })).toBe('');
    expect(venueAndYear({ venue: null, year: null })).toBe('');
  });
});
