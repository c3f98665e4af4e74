/** The record panels' formatters. */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../engine/api/index.js';
import { errorText, formatBytes, formatCompact, formatCount, formatRate, formatTimestamp, previewText } from './format.js';

describe('formatTimestamp', () => {
  it('prints epoch ms as ISO UTC and a dash when there is no time', () => {
    expect(formatTimestamp(Date.UTC(2024, 0, 1, 12, 30))).toBe('2024-01-01T12:30:00.000Z');
    expect(formatTimestamp(null)).toBe('—');
    expect(formatTimestamp(Number.NaN)).toBe('—');
    expect(formatTimestamp(1e20)).toBe('—');
  });
});

describe('previewText', () => {
  it('folds whitespace into one line', () => {
    expect(previewText('{\n  "a": 1,\n\t"b": 2\n}')).toBe('{ "a": 1, "b": 2 }');
  });

  it('cuts long text with an ellipsis', () => {
    expect(previewText('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(previewText('short', 10)).toBe('short');
  });

  it('marks a cut even when folding made the head fit', () => {
    const text = `${' '.repeat(100)}tail`;
    expect(previewText(text, 10)).toBe(' …');
  });

  it('shows null as null', () => {
    expect(previewText(null)).toBe('null');
  });
});

describe('numbers', () => {
  it('groups counts by thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-1000)).toBe('-1,000');
  });

  it('compacts large numbers', () => {
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(2.5)).toBe('2.5');
    expect(formatCompact(12_345)).toBe('12.3k');
    expect(formatCompact(50_000)).toBe('50k');
    expect(formatCompact(2_500_000)).toBe('2.5M');
  });

  it('prints sizes with binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MiB');
  });

  it('prints a tap rate', () => {
    expect(formatRate(1200, 340 * 1024)).toBe('1.2k rec/s · 340 KiB/s');
  });
});

describe('errorText', () => {
  it('names the engine error code', () => {
    expect(errorText(new EngineError('TOPIC_EXISTS', 'topic "a" exists', { domain: 'user' }))).toBe('topic "a" exists (TOPIC_EXISTS)');
    expect(errorText(new Error('plain'))).toBe('plain');
    expect(errorText('text')).toBe('text');
  });
});
