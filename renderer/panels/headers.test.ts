/** parseHeaderLines / formatHeaderLines: the produce form's `key=value` lines. */
import { describe, expect, it } from 'vitest';
import { formatHeaderLines, parseHeaderLines } from './headers.js';

describe('parseHeaderLines', () => {
  it('splits key=value lines on the first "=" and skips blank lines', () => {
    expect(parseHeaderLines('source=web\n\n  trace = a=b=c \r\n')).toEqual({
      headers: [
        { key: 'source', value: 'web' },
        { key: 'trace', value: ' a=b=c ' },
      ],
      errors: [],
    });
  });

  it('reads a bare key as a null value and an empty value as ""', () => {
    expect(parseHeaderLines('flag\nempty=').headers).toEqual([
      { key: 'flag', value: null },
      { key: 'empty', value: '' },
    ]);
  });

  it('reports a line without a key by its number', () => {
    const parsed = parseHeaderLines('a=1\n=2');
    expect(parsed.headers).toEqual([{ key: 'a', value: '1' }]);
    expect(parsed.errors).toEqual([{ line: 2, message: 'line 2: a header needs a key before "="' }]);
  });

  it('round-trips through formatHeaderLines', () => {
    const headers = [
      { key: 'a', value: '1' },
      { key: 'b', value: null },
      { key: 'c', value: 'x=y' },
    ];
    expect(parseHeaderLines(formatHeaderLines(headers)).headers).toEqual(headers);
  });
});
