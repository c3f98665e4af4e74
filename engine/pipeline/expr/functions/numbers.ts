/**
 * Number functions. Invariants: a null or non-number argument where a number is required gives
 * null; results are finite numbers or null; number() and int() are the only conversions from
 * text, and they are strict (the whole trimmed string must be a decimal number).
 */
import { finiteOrNull } from '../values.js';
import { int, num, type FunctionSpec } from './types.js';

function unaryNumber(name: string, doc: string, fn: (x: number) => number): FunctionSpec {
  return {
    name,
    category: 'number',
    signature: `${name}(x: number): number`,
    doc,
    minArgs: 1,
    maxArgs: 1,
    impl: (args) => {
      const x = num(args[0]);
      return x === null ? null : finiteOrNull(fn(x));
    },
  };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Strict conversion: numbers as they are, decimal text, booleans as 1/0; otherwise null. */
export function toNumber(x: unknown): number | null {
  if (typeof x === 'number') return finiteOrNull(x);
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x !== 'string') return null;
  const t = x.trim();
  return DECIMAL.test(t) ? finiteOrNull(Number(t)) : null;
}

/** Rounds half away from zero at `digits` decimals, without binary-fraction surprises (1.005 → 1.01). */
function roundTo(x: number, digits: number): number {
  const sign = x < 0 ? -1 : 1;
  const text = String(Math.abs(x));
  if (text.includes('e')) {
    const factor = 10 ** digits; // very large or very small: decimal shifting by text is not needed
    return (sign * Math.round(Math.abs(x) * factor)) / factor;
  }
  const scaled = Math.round(Number(`${text}e${digits}`));
  return sign * Number(`${scaled}e${-digits}`) + 0;
}

function extreme(name: 'min' | 'max'): FunctionSpec {
  const better = name === 'min' ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
  return {
    name,
    category: 'number',
    signature: `${name}(...xs: number): number`,
    doc: `The ${name === 'min' ? 'smallest' : 'largest'} argument; null arguments are ignored, any other non-number gives null.`,
    minArgs: 1,
    maxArgs: Infinity,
    impl: (args) => {
      let best: number | null = null;
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === null || a === undefined) continue;
        const x = num(a);
        if (x === null) return null;
        if (best === null || better(x, best)) best = x;
      }
      return best;
    },
  };
}

export const NUMBER_FUNCTIONS: FunctionSpec[] = [
  unaryNumber('abs', 'Absolute value.', Math.abs),
  {
    name: 'round',
    category: 'number',
    signature: 'round(x: number, digits?: number): number',
    doc: 'Rounds half away from zero to digits decimals (default 0; 0 to 15).',
    minArgs: 1,
    maxArgs: 2,
    impl: (args) => {
      const x = num(args[0]);
      const digits = args.length > 1 ? int(args[1]) : 0;
      if (x === null || digits === null || digits < 0 || digits > 15) return null;
      return finiteOrNull(roundTo(x, digits));
    },
  },
  unaryNumber('floor', 'Largest integer ≤ x.', Math.floor),
  unaryNumber('ceil', 'Smallest integer ≥ x.', Math.ceil),
  extreme('min'),
  extreme('max'),
  {
    name: 'number',
    category: 'number',
    signature: 'number(x: any): number',
    doc: "Converts decimal text ('12.5', ' 3e2 '), booleans (1/0) and numbers; null when x is not a number.",
    minArgs: 1,
    maxArgs: 1,
    impl: ([x]) => toNumber(x),
  },
  {
    name: 'int',
    category: 'number',
    signature: 'int(x: any): number',
    doc: 'Like number(x), then truncated toward zero.',
    minArgs: 1,
    maxArgs: 1,
    impl: ([x]) => {
      const n = toNumber(x);
      return n === null ? null : Math.trunc(n) + 0;
    },
  },
];
