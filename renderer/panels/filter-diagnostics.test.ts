/** locateDiagnostic / firstError: the tap filter's inline error. */
import { describe, expect, it } from 'vitest';
import { firstError, locateDiagnostic } from './filter-diagnostics.js';

describe('locateDiagnostic', () => {
  it('marks the span the diagnostic points at', () => {
    expect(locateDiagnostic('value.n >> 1', { code: 'E', severity: 'error', message: 'unexpected ">"', position: 9, length: 1, column: 10 })).toEqual({
      before: 'value.n >',
      marked: '>',
      after: ' 1',
      message: 'unexpected ">" (column 10)',
    });
  });

  it('marks an empty spot at the end and derives the column from the position', () => {
    expect(locateDiagnostic('value.n >', { code: 'E', severity: 'error', message: 'operand expected', position: 9 })).toEqual({
      before: 'value.n >',
      marked: '',
      after: '',
      message: 'operand expected (column 10)',
    });
  });

  it('keeps the text whole when there is no position', () => {
    expect(locateDiagnostic('x', { code: 'E', severity: 'error', message: 'bad' })).toEqual({ before: 'x', marked: '', after: '', message: 'bad' });
  });
});

describe('firstError', () => {
  it('prefers errors over warnings', () => {
    const warning = { code: 'W', severity: 'warning' as const, message: 'w' };
    const error = { code: 'E', severity: 'error' as const, message: 'e' };
    expect(firstError([warning, error])).toBe(error);
    expect(firstError([warning])).toBe(warning);
    expect(firstError([])).toBeUndefined();
  });
});
