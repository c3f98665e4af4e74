/**
 * JSON bytes → value, for the JSON serde: a fast path for flat objects of a shape seen before.
 *
 * Records on a topic mostly share one or a few shapes: the same keys, in the same order, with
 * primitive values. After JSON.parse has decoded one such object, the reader remembers its keys
 * (up to MAX_SHAPES shapes) and from then on decodes objects of that shape straight from the bytes:
 * it checks each key's bytes, scans the primitive values and builds the object with an object
 * literal (so every object of a shape shares V8's hidden class). For the compact form that
 * JSON.stringify writes, a reader generated per shape compares each separator ('{' or ',', key,
 * ':') as one run of bytes; whitespace between tokens takes the generic reader. Together three to
 * four times faster than JSON.parse of the decoded text.
 *
 * Invariant: read(bytes) returns a value deep-equal to JSON.parse(bytes.toString()), with the same
 * key order, or throws JSON.parse's own error; readSpan(bytes, start, end) does the same for
 * bytes[start, end) and never reads what lies around it. The fast path accepts only a subset of JSON that it
 * fully understands (no escapes in strings, no nested values, keys byte-equal to their canonical
 * JSON encoding); anything else — including every malformed input — falls back to JSON.parse.
 * Strings are decoded from their own bytes: UTF-8 sequences never contain '"', so this decodes
 * exactly as decoding the whole text does, replacement characters included.
 */
import { asciiChars, latin1Slice, utf8Slice } from './native-slices.js';

const MAX_SHAPES = 8;
const MAX_KEYS = 64;
/** After this many values in a row that neither hit a shape nor make one, the reader rests... */
const UNLEARNABLE_LIMIT = 16;
/** ...for this many reads before it tries shapes again. */
const REST_READS = 1024;

const MISS: unique symbol = Symbol('miss');
type Maybe<T> = T | typeof MISS;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
/** Integers of up to this many digits are exact when accumulated digit by digit. */
const EXACT_DIGITS = 15;

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= ZERO && c <= NINE;

/** The first position at or after `p` (before `end`) that is not JSON whitespace. */
function skipWhitespace(b: Buffer, p: number, end: number): number {
  // Bounded: a typed-array read past the end takes V8's slow path.
  while (p < end) {
    const c = b[p]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    p++;
  }
  return p;
}

/** The position after `key`'s bytes when they are at `p` (and end by `end`), else -1. */
function matchKey(b: Buffer, p: number, end: number, key: Buffer): number {
  const length = key.length;
  if (p + length > end) return -1;
  for (let i = 0; i < length; i++) if (b[p + i] !== key[i]) return -1;
  return p + length;
}

interface Shape {
  /** Per key, the bytes of its canonical JSON encoding (quotes included). */
  readonly keys: readonly Buffer[];
  readonly build: (values: readonly unknown[]) => object;
  /** Reads the shape written compactly (no whitespace, as JSON.stringify writes it), else MISS. */
  readonly readCompact: (b: Buffer, p: number, end: number) => Maybe<object>;
}

/** Whether JSON.parse's result is a flat object (primitive values) the fast path could have read. */
function flatKeys(value: unknown): string[] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length > MAX_KEYS || keys.includes('__proto__')) return undefined;
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'object' && v !== null) return undefined;
  }
  return keys;
}

/**
 * A constructor returning an object literal with the shape's keys, in order. Keys enter the code
 * only as JSON string literals (valid JavaScript string literals), never as code; '__proto__', the
 * one key a literal treats specially, never makes a shape.
 */
function shapeOf(keys: readonly string[]): Shape {
  const fields = keys.map((key, i) => `${JSON.stringify(key)}: values[${i}]`).join(', ');
  const build = new Function('values', `return { ${fields} };`) as Shape['build'];
  const keyBytes = keys.map((key) => Buffer.from(JSON.stringify(key), 'utf8'));
  return { keys: keyBytes, build, readCompact: compactReader(keys, keyBytes) };
}

/** Separators up to this long are compared by generated code; longer ones by matchKey. */
const INLINE_SEPARATOR_BYTES = 24;

/**
 * A reader generated for one shape written compactly: per key, its separator ('{' or ',', the
 * key's bytes, ':') compared as one run of bytes, then the value scanned. Only byte values and
 * JSON string literals enter the code.
 */
function compactReader(keys: readonly string[], keyBytes: readonly Buffer[]): Shape['readCompact'] {
  const separators = keyBytes.map((bytes, i) => Buffer.concat([Buffer.of(i === 0 ? OPEN_BRACE : COMMA), bytes, Buffer.of(COLON)]));
  const lines: string[] = [];
  separators.forEach((sep, i) => {
    if (sep.length <= INLINE_SEPARATOR_BYTES) {
      const compares = [...sep].map((byte, j) => `b[p + ${j}] !== ${byte}`).join(' || ');
      lines.push(`if (p + ${sep.length} > end || ${compares}) return MISS;`);
    } else {
      lines.push(`if (matchKey(b, p, end, separators[${i}]) < 0) return MISS;`);
    }
    lines.push(`p = scanPrimitive(b, p + ${sep.length}, end);`, `if (p < 0) return MISS;`, `const v${i} = scan.value;`);
  });
  if (keys.length === 0) lines.push(`if (p + 2 !== end || b[p] !== ${OPEN_BRACE} || b[p + 1] !== ${CLOSE_BRACE}) return MISS;`);
  else lines.push(`if (p + 1 !== end || b[p] !== ${CLOSE_BRACE}) return MISS;`);
  const fields = keys.map((key, i) => `${JSON.stringify(key)}: v${i}`).join(', ');
  lines.push(`return { ${fields} };`);
  const make = new Function('MISS', 'scan', 'scanPrimitive', 'matchKey', 'separators', `return function readCompact(b, p, end) {\n${lines.join('\n')}\n};`);
  return make(MISS, scan, scanPrimitive, matchKey, separators) as Shape['readCompact'];
}

/** The value the last scan read (scans return the position after it, or -1 on a miss). */
const scan = { value: null as string | number | boolean | null };

/** Scans a string, number, true, false or null at `p` (ending by `end`). */
function scanPrimitive(b: Buffer, p: number, end: number): number {
  if (p >= end) return -1;
  const c = b[p];
  if (c === QUOTE) return scanString(b, p + 1, end);
  if (c === MINUS || isDigit(c)) return scanNumber(b, p, end);
  if (c === 0x74) return scanLiteral(b, p, end, 'true', true);
  if (c === 0x66) return scanLiteral(b, p, end, 'false', false);
  if (c === 0x6e) return scanLiteral(b, p, end, 'null', null);
  return -1;
}

/** A string without escapes or control characters, whose text starts at `start`. */
function scanString(b: Buffer, start: number, end: number): number {
  let high = 0;
  let p = start;
  for (;;) {
    if (p >= end) return -1;
    const c = b[p]!;
    if (c === QUOTE) break;
    if (c === BACKSLASH || c < 0x20) return -1;
    high |= c;
    p++;
  }
  const n = p - start;
  scan.value = high >= 0x80 ? utf8Slice(b, start, p) : n <= 8 ? asciiChars(b, start, n) : latin1Slice(b, start, p);
  return p + 1;
}

/** JSON's number grammar exactly; short integers accumulate, anything else goes through Number(). */
function scanNumber(b: Buffer, start: number, end: number): number {
  let p = start;
  const negative = b[p] === MINUS;
  if (negative) p++;
  const intStart = p;
  let value = 0;
  if (b[p] === ZERO) {
    p++;
  } else if (isDigit(b[p])) {
    while (isDigit(b[p])) value = value * 10 + (b[p++]! - ZERO);
  } else {
    return -1;
  }
  let exact = p - intStart <= EXACT_DIGITS;
  if (b[p] === DOT) {
    p++;
    if (!isDigit(b[p])) return -1;
    while (isDigit(b[p])) p++;
    exact = false;
  }
  if (b[p] === LOWER_E || b[p] === UPPER_E) {
    p++;
    if (b[p] === PLUS || b[p] === MINUS) p++;
    if (!isDigit(b[p])) return -1;
    while (isDigit(b[p])) p++;
    exact = false;
  }
  // A number running to `end` (the whole text is a number) is not an object's value: no match.
  if (p >= end) return -1;
  scan.value = exact ? (negative ? -value : value) : Number(latin1Slice(b, start, p));
  return p;
}

function scanLiteral(b: Buffer, p: number, end: number, text: string, value: boolean | null): number {
  if (p + text.length > end) return -1;
  for (let i = 0; i < text.length; i++) if (b[p + i] !== text.charCodeAt(i)) return -1;
  scan.value = value;
  return p + text.length;
}

/** The position after `token` at `p`, whitespace before it skipped; -1 when it is not there. */
function expectByte(b: Buffer, p: number, end: number, token: number): number {
  if (p < end && b[p] === token) return p + 1;
  p = skipWhitespace(b, p, end);
  return p < end && b[p] === token ? p + 1 : -1;
}

/**
 * The object of `shape` that `b` holds exactly, or MISS. Whitespace between tokens is allowed; it
 * is looked for only where the expected token is not found (most producers write none).
 */
function readShape(b: Buffer, start: number, end: number, shape: Shape, values: unknown[]): Maybe<object> {
  let p = expectByte(b, start, end, OPEN_BRACE);
  if (p < 0) return MISS;
  const keys = shape.keys;
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && (p = expectByte(b, p, end, COMMA)) < 0) return MISS;
    let at = matchKey(b, p, end, keys[i]!);
    if (at < 0 && (at = matchKey(b, skipWhitespace(b, p, end), end, keys[i]!)) < 0) return MISS;
    if ((p = expectByte(b, at, end, COLON)) < 0) return MISS;
    at = scanPrimitive(b, p, end);
    if (at < 0 && (at = scanPrimitive(b, skipWhitespace(b, p, end), end)) < 0) return MISS;
    values[i] = scan.value;
    p = at;
  }
  p = expectByte(b, p, end, CLOSE_BRACE);
  if (p < 0 || (p !== end && skipWhitespace(b, p, end) !== end)) return MISS;
  return shape.build(values);
}

export class JsonReader {
  private readonly shapes: Shape[] = [];
  private next = 0;
  private lastHit = 0;
  private unlearnable = 0;
  private resting = 0;
  private readonly values: unknown[] = [];

  read(bytes: Buffer): unknown {
    return this.readSpan(bytes, 0, bytes.length);
  }

  /** read() of bytes[start, end). */
  readSpan(bytes: Buffer, start: number, end: number): unknown {
    if (this.shapes.length > 0 && this.resting === 0) {
      const value = this.readKnownShape(bytes, start, end);
      if (value !== MISS) {
        this.unlearnable = 0;
        return value;
      }
    } else if (this.resting > 0) {
      this.resting--;
    }
    const value: unknown = JSON.parse(utf8Slice(bytes, start, end));
    this.learn(value);
    return value;
  }

  private learn(value: unknown): void {
    const keys = flatKeys(value);
    if (keys === undefined) {
      if (++this.unlearnable >= UNLEARNABLE_LIMIT) {
        this.resting = REST_READS;
        this.unlearnable = UNLEARNABLE_LIMIT - 1;
      }
      return;
    }
    this.unlearnable = 0;
    const shape = shapeOf(keys);
    if (this.shapes.length < MAX_SHAPES) {
      this.lastHit = this.shapes.push(shape) - 1;
    } else {
      this.shapes[this.next] = shape;
      this.lastHit = this.next;
      this.next = (this.next + 1) % MAX_SHAPES;
    }
  }

  private readKnownShape(bytes: Buffer, start: number, end: number): Maybe<object> {
    const shapes = this.shapes;
    const compact = shapes[this.lastHit]!.readCompact(bytes, start, end);
    if (compact !== MISS) return compact;
    const first = readShape(bytes, start, end, shapes[this.lastHit]!, this.values);
    if (first !== MISS) return first;
    for (let i = 0; i < shapes.length; i++) {
      if (i === this.lastHit) continue;
      const value = readShape(bytes, start, end, shapes[i]!, this.values);
      if (value !== MISS) {
        this.lastHit = i;
        return value;
      }
    }
    return MISS;
  }
}
