/**
 * String functions. Invariants: a null or non-string argument where a string is required gives
 * null (never a throw, never a coercion); lengths and offsets count UTF-16 code units, like
 * JavaScript; replace() is literal (no patterns, no `$` substitutions).
 */
import { toText } from '../values.js';
import { int, str, type FunctionSpec } from './types.js';

function unaryString(name: string, doc: string, fn: (s: string) => unknown): FunctionSpec {
  return {
    name,
    category: 'string',
    signature: `${name}(s: string): ${name === 'length' ? 'number' : 'string'}`,
    doc,
    minArgs: 1,
    maxArgs: 1,
    impl: (args) => {
      const s = str(args[0]);
      return s === null ? null : fn(s);
    },
  };
}

function stringPredicate(name: string, doc: string, fn: (s: string, t: string) => boolean): FunctionSpec {
  return {
    name,
    category: 'string',
    signature: `${name}(s: string, part: string): boolean`,
    doc,
    minArgs: 2,
    maxArgs: 2,
    impl: (args) => {
      const s = str(args[0]);
      const t = str(args[1]);
      return s === null || t === null ? null : fn(s, t);
    },
  };
}

export const STRING_FUNCTIONS: FunctionSpec[] = [
  unaryString('lower', 'Lower-case.', (s) => s.toLowerCase()),
  unaryString('upper', 'Upper-case.', (s) => s.toUpperCase()),
  unaryString('trim', 'Removes leading and trailing white space.', (s) => s.trim()),
  {
    name: 'length',
    category: 'string',
    signature: 'length(x: string | array): number',
    doc: 'Length of a string (UTF-16 code units) or number of elements of an array.',
    minArgs: 1,
    maxArgs: 1,
    impl: ([x]) => (typeof x === 'string' || Array.isArray(x) ? x.length : null),
  },
  {
    name: 'substring',
    category: 'string',
    signature: 'substring(s: string, start: number, end?: number): string',
    doc: 'Characters from start (inclusive) to end (exclusive, default: the end); offsets are clamped to the string.',
    minArgs: 2,
    maxArgs: 3,
    impl: (args) => {
      const s = str(args[0]);
      const start = int(args[1]);
      const end = args.length > 2 ? int(args[2]) : s === null ? null : s.length;
      if (s === null || start === null || end === null) return null;
      const from = Math.min(Math.max(start, 0), s.length);
      const to = Math.min(Math.max(end, 0), s.length);
      return to <= from ? '' : s.slice(from, to);
    },
  },
  stringPredicate('contains', 'True when part occurs in s.', (s, t) => s.includes(t)),
  stringPredicate('startsWith', 'True when s starts with part.', (s, t) => s.startsWith(t)),
  stringPredicate('endsWith', 'True when s ends with part.', (s, t) => s.endsWith(t)),
  {
    name: 'replace',
    category: 'string',
    signature: 'replace(s: string, find: string, replacement: string): string',
    doc: 'Replaces every occurrence of find (literal text, not a pattern); an empty find changes nothing.',
    minArgs: 3,
    maxArgs: 3,
    impl: (args) => {
      const s = str(args[0]);
      const find = str(args[1]);
      const repl = str(args[2]);
      if (s === null || find === null || repl === null) return null;
      return find === '' ? s : s.split(find).join(repl);
    },
  },
  {
    name: 'split',
    category: 'string',
    signature: 'split(s: string, separator: string): string[]',
    doc: 'Splits s at every separator (literal); an empty separator splits into characters.',
    minArgs: 2,
    maxArgs: 2,
    impl: (args) => {
      const s = str(args[0]);
      const sep = str(args[1]);
      return s === null || sep === null ? null : sep === '' ? Array.from(s) : s.split(sep);
    },
  },
  {
    name: 'concat',
    category: 'string',
    signature: 'concat(...parts: any): string',
    doc: 'Joins the text of its arguments (as string() gives it); null arguments are skipped.',
    minArgs: 1,
    maxArgs: Infinity,
    impl: (args) => {
      let out = '';
      for (let i = 0; i < args.length; i++) {
        const t = toText(args[i]);
        if (t !== null) out += t;
      }
      return out;
    },
  },
  {
    name: 'string',
    category: 'string',
    signature: 'string(x: any): string',
    doc: 'Text of x: numbers and booleans as written, Buffers decoded as UTF-8, arrays and objects as JSON; null stays null.',
    minArgs: 1,
    maxArgs: 1,
    impl: ([x]) => toText(x),
  },
];
