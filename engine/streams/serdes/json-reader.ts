/**
 * JSON bytes → value, for the JSON serde: a fast path for flat objects of a shape seen before.
 *
 * Records on a topic mostly share one or a few shapes: the same keys, in the same order, with
 * primitive values. After JSON.parse has decoded one such object, the reader remembers its keys
 * (up to MAX_SHAPES shapes) and from then on decodes objects of that shape straight from the bytes:
 * it checks each key's bytes, scans the primitive values and builds the object with a constructor
 * generated for the shape (an object literal, so every object of a shape shares V8's hidden class).
 * That is about three times faster than JSON.parse of the decoded text.
 *
 * Invariant: read(bytes) returns a value deep-equal to JSON.parse(bytes.toString()), with the same
 * key order, or throws JSON.parse's own error. The fast path accepts only a subset of JSON that it
 * fully understands (no escapes in strings, no nested values, keys byte-equal to their canonical
 * JSON encoding); anything else — including every malformed input — falls back to JSON.parse.
 * Strings are decoded from their own bytes: UTF-8 sequences never contain '"', so this decodes
 * exactly as decoding the whole text does, replacement characters included.
 */
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

/** Node's native slicers (what Buffer#toString calls after its argument checks). */
interface Slicers {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= ZERO && c <= NINE;
const isWhitespace = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

interface Shape {
  /** Per key, the bytes of its canonical JSON encoding (quotes included). */
  readonly keys: readonly Buffer[];
  readonly build: (values: readonly unknown[]) => object;
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
  return { keys: keys.map((key) => Buffer.from(JSON.stringify(key), 'utf8')), build };
}

export class JsonReader {
  private readonly shapes: Shape[] = [];
  private next = 0;
  private lastHit = 0;
  private unlearnable = 0;
  private resting = 0;
  private readonly values: unknown[] = [];
  // The bytes being scanned and the scan position.
  private b: Buffer = Buffer.alloc(0);
  private p = 0;

  read(bytes: Buffer): unknown {
    if (this.shapes.length > 0 && this.resting === 0) {
      const value = this.readKnownShape(bytes);
      if (value !== MISS) {
        this.unlearnable = 0;
        return value;
      }
    } else if (this.resting > 0) {
      this.resting--;
    }
    const value: unknown = JSON.parse(bytes.toString());
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

  private readKnownShape(bytes: Buffer): Maybe<object> {
    this.b = bytes;
    const first = this.readShape(this.shapes[this.lastHit]!);
    if (first !== MISS) return first;
    for (let i = 0; i < this.shapes.length; i++) {
      if (i === this.lastHit) continue;
      const value = this.readShape(this.shapes[i]!);
      if (value !== MISS) {
        this.lastHit = i;
        return value;
      }
    }
    return MISS;
  }

  private readShape(shape: Shape): Maybe<object> {
    const b = this.b;
    const values = this.values;
    this.p = 0;
    this.skipWhitespace();
    if (b[this.p] !== OPEN_BRACE) return MISS;
    this.p++;
    const keys = shape.keys;
    for (let i = 0; i < keys.length; i++) {
      this.skipWhitespace();
      if (i > 0) {
        if (b[this.p] !== COMMA) return MISS;
        this.p++;
        this.skipWhitespace();
      }
      if (!this.matchKey(keys[i]!)) return MISS;
      this.skipWhitespace();
      if (b[this.p] !== COLON) return MISS;
      this.p++;
      this.skipWhitespace();
      const value = this.primitive();
      if (value === MISS) return MISS;
      values[i] = value;
    }
    this.skipWhitespace();
    if (b[this.p] !== CLOSE_BRACE) return MISS;
    this.p++;
    this.skipWhitespace();
    if (this.p !== b.length) return MISS;
    return shape.build(values);
  }

  private skipWhitespace(): void {
    const b = this.b;
    while (isWhitespace(b[this.p])) this.p++;
  }

  private matchKey(key: Buffer): boolean {
    const b = this.b;
    const at = this.p;
    const length = key.length;
    if (at + length > b.length) return false;
    for (let i = 0; i < length; i++) if (b[at + i] !== key[i]) return false;
    this.p = at + length;
    return true;
  }

  /** A string, number, true, false or null at the position; MISS for anything else. */
  private primitive(): Maybe<string | number | boolean | null> {
    const c = this.b[this.p];
    if (c === QUOTE) return this.string();
    if (c === MINUS || isDigit(c)) return this.number();
    if (c === 0x74) return this.literal('true', true);
    if (c === 0x66) return this.literal('false', false);
    if (c === 0x6e) return this.literal('null', null);
    return MISS;
  }

  private string(): Maybe<string> {
    const b = this.b;
    const start = this.p + 1;
    const end = b.length;
    let high = 0;
    let p = start;
    for (;;) {
      if (p >= end) return MISS;
      const c = b[p]!;
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 0x20) return MISS;
      high |= c;
      p++;
    }
    this.p = p + 1;
    const slicers = b as unknown as Slicers;
    return high < 0x80 ? slicers.latin1Slice(start, p) : slicers.utf8Slice(start, p);
  }

  /** JSON's number grammar exactly; short integers accumulate, anything else goes through Number(). */
  private number(): Maybe<number> {
    const b = this.b;
    const start = this.p;
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
      return MISS;
    }
    let exact = p - intStart <= EXACT_DIGITS;
    if (b[p] === DOT) {
      p++;
      if (!isDigit(b[p])) return MISS;
      while (isDigit(b[p])) p++;
      exact = false;
    }
    if (b[p] === LOWER_E || b[p] === UPPER_E) {
      p++;
      if (b[p] === PLUS || b[p] === MINUS) p++;
      if (!isDigit(b[p])) return MISS;
      while (isDigit(b[p])) p++;
      exact = false;
    }
    this.p = p;
    if (exact) return negative ? -value : value;
    return Number((b as unknown as Slicers).latin1Slice(start, p));
  }

  private literal<T>(text: string, value: T): Maybe<T> {
    const b = this.b;
    for (let i = 0; i < text.length; i++) if (b[this.p + i] !== text.charCodeAt(i)) return MISS;
    this.p += text.length;
    return value;
  }
}
