import { describe, expect, it } from 'vitest';
import { edgeColor, edgeWidth, formatRate, shortNumber } from './format.js';

describe('format', () => {
  it('shortens numbers', () => {
    expect([0, 7, 0.5, 950, 1000, 1234, 12_345, 1_100_000, 25e9].map(shortNumber)).toEqual(['0', '7', '0.5', '950', '1k', '1.2k', '12k', '1.1M', '25G']);
    expect(formatRate(1234)).toBe('1.2k/s');
  });

  it('widens busy edges, up to a limit', () => {
    expect(edgeWidth(0)).toBe(1.5);
    expect(edgeWidth(10)).toBeGreaterThan(edgeWidth(1));
    expect(edgeWidth(1e12)).toBe(7);
  });

  it('warms the edge colour with the rate', () => {
    expect(edgeColor(0)).toBe('hsl(210 85% 58%)');
    expect(edgeColor(100_000)).toBe('hsl(30 85% 58%)');
    expect(edgeColor(1e9)).toBe('hsl(30 85% 58%)');
    expect(edgeColor(100)).toBe('hsl(138 85% 58%)');
  });
});
