import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPRESSION_FUNCTIONS } from './index.js';
import { compiled, ev } from './test-helpers.js';

const T = Date.UTC(2024, 4, 1, 12, 30, 45, 250); // Wednesday 2024-05-01T12:30:45.250Z
const headers = [
  { key: 'trace', value: Buffer.from('first') },
  { key: 'trace', value: Buffer.from('läst') },
  { key: 'empty', value: null },
];

const cases: Record<string, [string, unknown][]> = {
  lower: [['lower("AbC")', 'abc'], ['lower(1)', null]],
  upper: [['upper("AbC")', 'ABC'], ['upper(null)', null]],
  trim: [['trim("  a b \\n")', 'a b'], ['trim(true)', null]],
  length: [['length("héllo")', 5], ['length([1, 2, 3])', 3], ['length(5)', null]],
  substring: [
    ['substring("abcdef", 2)', 'cdef'],
    ['substring("abcdef", 1, 3)', 'bc'],
    ['substring("abc", -5, 99)', 'abc'],
    ['substring("abc", 2, 1)', ''],
    ['substring(123, 1)', null],
    ['substring("abc", 1.5)', null],
  ],
  contains: [['contains("banana", "nan")', true], ['contains("banana", "x")', false], ['contains(["a"], "a")', null]],
  startsWith: [['startsWith("banana", "ba")', true], ['startsWith("banana", "na")', false]],
  endsWith: [['endsWith("banana", "na")', true], ['endsWith(null, "na")', null]],
  replace: [
    ['replace("a.b.c", ".", "-")', 'a-b-c'],
    ['replace("cost", "cost", "$&$1")', '$&$1'],
    ['replace("abc", "", "x")', 'abc'],
  ],
  split: [['split("a,b,,c", ",")', ['a', 'b', '', 'c']], ['split("ab", "")', ['a', 'b']], ['split(1, ",")', null]],
  concat: [['concat("a", 1, true, null, "z")', 'a1truez'], ['concat(null)', ''], ['concat([1], {})', null]],
  string: [
    ['string(12.5)', '12.5'],
    ['string(false)', 'false'],
    ['string(null)', null],
    ['string([1, "a"])', '[1,"a"]'],
    ['string(key)', 'k-bytes'],
  ],
  abs: [['abs(-3.5)', 3.5], ['abs("3")', null]],
  round: [
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(1.005, 2)', 1.01],
    ['round(1234.5678, 1)', 1234.6],
    ['round(1, 16)', null],
    ['round(1e300, 2)', 1e300],
  ],
  floor: [['floor(-1.5)', -2], ['floor(null)', null]],
  ceil: [['ceil(1.1)', 2], ['ceil("x")', null]],
  min: [['min(3, 1, 2)', 1], ['min(null, 4)', 4], ['min(null)', null], ['min(1, "0")', null]],
  max: [['max(3, 1, 2)', 3], ['max(-1, null)', -1]],
  number: [
    ['number("12.5")', 12.5],
    ['number(" -3e2 ")', -300],
    ['number("12abc")', null],
    ['number("")', null],
    ['number("0x10")', null],
    ['number("Infinity")', null],
    ['number(true)', 1],
    ['number(null)', null],
  ],
  int: [['int("12.9")', 12], ['int(-12.9)', -12], ['int("x")', null]],
  dateFormat: [
    ['dateFormat(timestamp, "YYYY-MM-DD HH:mm:ss.SSS")', '2024-05-01 12:30:45.250'],
    ['dateFormat(timestamp, "DD/MM/YYYY", "UTC")', '01/05/2024'],
    ['dateFormat(0, "YYYY")', '1970'],
    ['dateFormat("x", "YYYY")', null],
    ['dateFormat(1e20, "YYYY")', null],
  ],
  datePart: [
    ['datePart(timestamp, "year")', 2024],
    ['datePart(timestamp, "month")', 5],
    ['datePart(timestamp, "day")', 1],
    ['datePart(timestamp, "hour")', 12],
    ['datePart(timestamp, "minute")', 30],
    ['datePart(timestamp, "second")', 45],
    ['datePart(timestamp, "millisecond")', 250],
    ['datePart(timestamp, "dayOfWeek")', 3],
    ['datePart(0 - 86400000 * 4, "dayOfWeek")', 7],
    ['datePart(timestamp, "dayOfYear")', 122],
    ['datePart(timestamp, value)', null],
  ],
  dateParse: [
    ['dateParse("2024-05-01")', Date.UTC(2024, 4, 1)],
    ['dateParse("2024-05-01T12:30:45.250Z")', T],
    ['dateParse("2024-05-01T12:30:45.25")', T],
    ['dateParse("2024-05-01T14:30:45.250+02:00")', T],
    ['dateParse("2024-05-01T07:30:45.250-0500")', T],
    ['dateParse("2024-02-30")', null],
    ['dateParse("May 1, 2024")', null],
    ['dateParse(5)', null],
  ],
  dateTrunc: [
    ['dateTrunc(timestamp, "second")', Date.UTC(2024, 4, 1, 12, 30, 45)],
    ['dateTrunc(timestamp, "minute")', Date.UTC(2024, 4, 1, 12, 30)],
    ['dateTrunc(timestamp, "hour")', Date.UTC(2024, 4, 1, 12)],
    ['dateTrunc(timestamp, "day")', Date.UTC(2024, 4, 1)],
    ['dateTrunc(timestamp, "month")', Date.UTC(2024, 4, 1)],
    ['dateTrunc(timestamp, "year")', Date.UTC(2024, 0, 1)],
    ['dateTrunc(-1, "day")', -86_400_000],
  ],
  coalesce: [['coalesce(null, value.missing, 0, 1)', 0], ['coalesce(null)', null]],
  isNull: [['isNull(value.missing)', true], ['isNull(0)', false]],
  json: [['json({})', null], ['json(value)', '{"a":[1,"x"]}'], ['json(null)', 'null'], ['json("q")', '"q"']],
  header: [['header("trace")', 'läst'], ['header("empty")', null], ['header("absent")', null], ['header(1)', null]],
  if: [['if(value.a, "yes", "no")', 'yes'], ['if(null, 1, 2)', 2], ['if(true, 1, lower(5))', 1]],
};

describe('function library', () => {
  it('has a test for every function and every function is tested', () => {
    expect(Object.keys(cases).sort()).toEqual(EXPRESSION_FUNCTIONS.map((f) => f.name).sort());
  });

  for (const [name, rows] of Object.entries(cases)) {
    it.each(rows)(`${name}: %s → %j`, (source, expected) => {
      // `{}` is not a literal: rows using it must fail to compile instead.
      if (source.includes('{')) {
        expect(() => ev(source)).toThrow();
        return;
      }
      expect(ev(source, { a: [1, 'x'] }, { key: Buffer.from('k-bytes'), timestamp: T, headers })).toEqual(expected);
    });
  }

  it('each entry has a signature, a one-line doc and a consistent arity', () => {
    for (const f of EXPRESSION_FUNCTIONS) {
      expect(f.signature.startsWith(`${f.name}(`)).toBe(true);
      expect(f.doc).not.toContain('\n');
      expect(f.minArgs).toBeLessThanOrEqual(f.maxArgs);
    }
  });

  it('docs/expressions.md documents every function', () => {
    const doc = readFileSync(new URL('../../../docs/expressions.md', import.meta.url), 'utf8');
    for (const f of EXPRESSION_FUNCTIONS) expect(doc, f.name).toContain(`\`${f.signature.replaceAll('|', '\\|')}\``); // pipes escaped in the table
  });

  it('every example in docs/expressions.md compiles', () => {
    const doc = readFileSync(new URL('../../../docs/expressions.md', import.meta.url), 'utf8');
    const blocks = [...doc.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    const lines = blocks.flatMap((b) => b.split('\n')).map((l) => l.replace(/\s*\/\/.*$/, '').trim()).filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(() => compiled(line), line).not.toThrow();
  });
});
