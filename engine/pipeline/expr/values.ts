/**
 * The value model of expressions: what a record looks like to an expression (ExprScope), which
 * JavaScript values count as expression values, truthiness, equality, and safe field access.
 * Invariants: expression values are null, booleans, finite numbers, strings, arrays, plain
 * objects and Buffers; `undefined`, functions, symbols, bigints and non-finite numbers become
 * null. Field access reads only own data properties of plain objects and in-range indices of
 * arrays — never a getter, a prototype or `__proto__` / `constructor` / `prototype`.
 */
import { FORBIDDEN_PROPERTIES } from './ast.js';

export interface ExprHeader {
  key: string;
  value: Buffer | null;
}

export interface ExprScope {
  key: unknown;
  value: unknown;
  headers: ReadonlyArray<ExprHeader>;
  /** Record time, milliseconds since the epoch. */
  timestamp: number;
}

/** Coerces a JavaScript value read from data to an expression value. */
export function normalize(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'object':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : null;
    default:
      return null;
  }
}

/** A finite number or null (the rule for arithmetic results). */
export function finiteOrNull(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}

/** Falsy: null, false, 0, '' (and NaN). Everything else is truthy. */
export function truthy(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null || v === undefined || v === '' || v === 0) return false;
  return typeof v !== 'number' || v === v;
}

/** `==`: strict equality without coercion; null (or missing) equals only null. */
export function strictEquals(a: unknown, b: unknown): boolean {
  return a === b || ((a === null || a === undefined) && (b === null || b === undefined));
}

export function isPlainObject(o: object): boolean {
  const proto: unknown = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
}

/** Own data property `name` of a plain object, else null. `name` is never a forbidden name (the parser rejects them). */
export function getField(o: unknown, name: string): unknown {
  if (o === null || typeof o !== 'object' || Array.isArray(o) || !isPlainObject(o)) return null;
  const d = Object.getOwnPropertyDescriptor(o, name);
  return d === undefined || !('value' in d) ? null : normalize(d.value);
}

/** Element `index` of an array (an integer in range), else null. */
export function getIndex(o: unknown, index: number): unknown {
  if (!Array.isArray(o) || !Number.isInteger(index) || index < 0 || index >= o.length) return null;
  const d = Object.getOwnPropertyDescriptor(o, index);
  return d === undefined || !('value' in d) ? null : normalize(d.value);
}

/** `o[k]` for a key computed per record: strings read fields, numbers read indices. */
export function getMember(o: unknown, k: unknown): unknown {
  if (typeof k === 'string') return FORBIDDEN_PROPERTIES.has(k) ? null : getField(o, k);
  if (typeof k === 'number') return getIndex(o, k);
  return null;
}

/** A Node Buffer; false where Buffer does not exist (the studio may compile expressions in a browser). */
export function isBytes(v: unknown): v is Buffer {
  return typeof Buffer !== 'undefined' && Buffer.isBuffer(v);
}

/** Text form used by string(), concat() and `+` with a string: null stays null. */
export function toText(v: unknown): string | null {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return Number.isFinite(v) ? String(v) : null;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return null;
      if (isBytes(v)) return v.toString('utf8');
      return jsonText(v);
    default:
      return null;
  }
}

/** JSON.stringify, or null for values it cannot encode (cycles, bigints). */
export function jsonText(v: unknown): string | null {
  try {
    const text = JSON.stringify(v === undefined ? null : v);
    return typeof text === 'string' ? text : null;
  } catch {
    return null; // a cycle or a bigint: not encodable, which the json() rule maps to null
  }
}
