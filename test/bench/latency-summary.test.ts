import { describe, expect, it } from 'vitest';
import { percentile, summarizeLatency } from '../../src/bench/latency-summary.js';

describe('percentile', () => {
  it('returns an observed sample by nearest rank, whatever the input order', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(percentile(samples, 50)).toBe(3);
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile(samples, 100)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it('puts p99 of 200 samples on the second largest', () => {
    const samples = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(percentile(samples, 99)).toBe(198);
    expect(percentile(samples, 95)).toBe(190);
  });

  it('is NaN with no samples rather than a made-up zero', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarizeLatency', () => {
  it('reports count, p50, p95, p99, max and mean', () => {
    expect(summarizeLatency([2, 4, 6, 8])).toEqual({ count: 4, p50: 4, p95: 8, p99: 8, max: 8, mean: 5 });
  });
});
