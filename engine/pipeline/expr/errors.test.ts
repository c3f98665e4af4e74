import { describe, expect, it } from 'vitest';
import { compileExpression, MAX_DEPTH, MAX_SOURCE_LENGTH } from './index.js';
import { errorOf, ev } from './test-helpers.js';

describe('parse errors carry exact positions', () => {
  it('a missing operand points at the end', () => {
    expect(errorOf('value.amount >')).toEqual({
      message: "Unexpected end of expression: expected a value after '>'",
      position: 14,
      line: 1,
      column: 15,
      length: 0,
    });
  });

  it('a doubled operator points at the second one', () => {
    expect(errorOf('value.amount > > 3')).toMatchObject({ position: 15, line: 1, column: 16, length: 1 });
  });

  it('line and column are 1-based across newlines', () => {
    expect(errorOf('value.a > 1 &&\n  value.b ==\n    * 2')).toMatchObject({ position: 32, line: 3, column: 5, length: 1 });
  });

  it('an unknown root names itself and lists the roots', () => {
    const e = errorOf('amount > 100');
    expect(e).toMatchObject({ position: 0, length: 6 });
    expect(e.message).toContain("'amount'");
    expect(e.message).toContain('key, value, headers, timestamp');
    expect(errorOf('1 + vaule.x').message).toContain("Did you mean 'value'?");
    expect(errorOf('1 + vaule.x').position).toBe(4);
  });

  it('an unknown function names close matches', () => {
    const e = errorOf('value.a == lowr(value.b)');
    expect(e).toMatchObject({ position: 11, length: 4 });
    expect(e.message).toBe("Unknown function 'lowr'. Did you mean 'lower'?");
    expect(errorOf('startswith(value.a, "x")').message).toContain("'startsWith'");
    expect(errorOf('now()').message).toContain("Unknown function 'now'");
    expect(errorOf('eval("1")').message).toContain("Unknown function 'eval'");
  });

  it('a function used without a call says so', () => {
    expect(errorOf('lower').message).toContain('lower(…)');
  });

  it('wrong arity reports the call with its signature', () => {
    const e = errorOf('1 + substring(value.s)');
    expect(e).toMatchObject({ position: 4, length: 18 });
    expect(e.message).toContain('substring() takes 2 to 3 arguments, got 1');
    expect(errorOf('lower()').message).toContain('takes 1 argument, got 0');
    expect(errorOf('concat()').message).toContain('at least 1 argument');
  });

  it('literal choice arguments are checked at compile time', () => {
    const e = errorOf('datePart(timestamp, "hours")');
    expect(e).toMatchObject({ position: 20, length: 7 });
    expect(e.message).toContain("Did you mean 'hour'?");
    expect(errorOf('dateTrunc(timestamp, 5)').position).toBe(21);
    expect(errorOf('dateFormat(timestamp, "YYYY", "Europe/Amsterdam")').message).toContain("'UTC'");
  });

  it('an unterminated string points at its opening quote', () => {
    expect(errorOf('value.a == "abc')).toMatchObject({ message: 'Unterminated string literal', position: 11, length: 4 });
    expect(errorOf("'x\n'")).toMatchObject({ position: 0 });
  });

  it.each([
    ['value.a = 1', 8, "'=' is not an operator"],
    ['value.a === 1', 8, "use '=='"],
    ['value.a # 1', 8, "Unexpected character '#'"],
    ['"\\q"', 1, "Invalid escape '\\q'"],
    ['"\\u12"', 1, 'Invalid unicode escape'],
    ['12abc', 0, 'Invalid number'],
    ['1e+', 0, 'exponent'],
    ['(1 + 2', 6, "Expected ')'"],
    ['value.items[0', 13, "Expected ']'"],
    ['[1, 2', 5, "Expected ','"],
    ['lower(value.a', 13, "Expected ','"],
    ['value.', 6, "Expected a field name after '.'"],
    ['value.1', 5, 'Unexpected'],
    ['value.a value.b', 8, 'expected an operator or the end'],
    ['1 ? 2', 5, "Expected ':'"],
    ['+1', 0, 'number(x)'],
    ['value.name.lower()', 16, 'methods are not supported'],
    [')', 0, "Unexpected ')'"],
    ['and', 0, "Unexpected 'and'"],
    ['', 0, 'Empty expression'],
    ['   ', 0, 'Empty expression'],
  ])('%j → at %i: %s', (source, position, message) => {
    const e = errorOf(source);
    expect(e.message).toContain(message);
    expect(e.position).toBe(position);
  });
});

describe('limits', () => {
  it('rejects sources over the length limit', () => {
    const source = `1${' + 1'.repeat(MAX_SOURCE_LENGTH / 4)}`;
    const e = errorOf(source);
    expect(e.message).toContain('too long');
    expect(e.position).toBe(MAX_SOURCE_LENGTH);
  });

  it('accepts moderate nesting and rejects deep nesting with a clear error', () => {
    expect(ev(`${'('.repeat(40)}1${')'.repeat(40)}`)).toBe(1);
    expect(ev(`${'-'.repeat(40)}1`)).toBe(1);
    const deep = errorOf(`${'('.repeat(MAX_DEPTH + 5)}1${')'.repeat(MAX_DEPTH + 5)}`);
    expect(deep.message).toContain('nested too deeply');
    expect(errorOf(`${'!'.repeat(MAX_DEPTH + 5)}true`).message).toContain('nested too deeply');
    expect(errorOf(`${'lower('.repeat(MAX_DEPTH + 5)}"a"${')'.repeat(MAX_DEPTH + 5)}`).message).toContain('nested too deeply');
    expect(errorOf(`${'['.repeat(MAX_DEPTH + 5)}${']'.repeat(MAX_DEPTH + 5)}`).message).toContain('nested too deeply');
  });

  it('long flat operator chains (not nesting) compile and evaluate', () => {
    const terms = 1000;
    expect(ev(`1${' + 1'.repeat(terms - 1)}`)).toBe(terms);
    expect(ev(`true${' && true'.repeat(terms - 1)}`)).toBe(true);
  });

  it('never throws, whatever it is given', () => {
    expect(compileExpression(undefined as unknown as string).ok).toBe(false);
    expect(() => ev('value.a.b', { a: { b: 1n } })).not.toThrow();
    expect(ev('value.a.b', { a: { b: 1n } })).toBeNull();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(ev('json(value)', cyclic)).toBeNull();
    expect(ev('value.self.self.self == value', cyclic)).toBe(true);
  });
});
