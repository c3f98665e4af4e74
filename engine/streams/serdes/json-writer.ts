/**
 * Value → JSON text, for the JSON serde: a fast path for plain objects of a shape seen before.
 *
 * A sink mostly writes objects of one or a few shapes (the same own keys in the same order). For
 * a plain object (prototype Object.prototype or null, no toJSON) whose keys match a remembered
 * shape (up to MAX_SHAPES), the writer concatenates precomputed `"key":` prefixes with each value:
 * strings, numbers, booleans and null directly, any other object through JSON.stringify. That is
 * about twice as fast as JSON.stringify of the whole object.
 *
 * encode(value, buf, at) writes the same text's UTF-8 bytes straight into a buffer: for a known
 * shape it copies the key prefixes' bytes and writes integers digit by digit and short ASCII
 * strings byte by byte, so no string is built for the whole value (anything else is written from
 * JSON.stringify's text).
 *
 * Invariant: write(value) returns exactly JSON.stringify(value) (or throws its error), and encode
 * writes exactly its UTF-8 bytes. Whatever the fast path would not write the same way — a property
 * JSON.stringify would omit (undefined, a function, a symbol), a bigint, an object whose toJSON
 * returns undefined, a nested value that throws — sends the whole value to JSON.stringify. Each
 * property is read once on the fast path; a value that falls back midway has its earlier
 * properties read again by JSON.stringify (getters run twice then), as does one that encode() is
 * asked to write again into a larger buffer.
 */
const MAX_SHAPES = 8;
const MAX_KEYS = 64;
/** Strings up to this long are checked for characters to escape here; longer ones go to JSON.stringify. */
const SHORT_STRING = 64;

interface Shape {
  readonly keys: readonly string[];
  /** Per key: `{"key":` for the first, `,"key":` for the others. */
  readonly prefixes: readonly string[];
  /** The prefixes' UTF-8 bytes. */
  readonly prefixBytes: readonly Uint8Array[];
}

const FALLBACK = Symbol('fallback');

/** JSON text of a string: quotes around it when nothing in it needs escaping. */
function quote(text: string): string {
  if (text.length > SHORT_STRING) return JSON.stringify(text);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Control characters, '"', '\' and surrogates (a lone one is escaped) need JSON.stringify.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** The JSON text of one property value, or FALLBACK when JSON.stringify would omit or reject it. */
function valueText(value: unknown): string | typeof FALLBACK {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      const text = JSON.stringify(value) as string | undefined;
      return text === undefined ? FALLBACK : text;
    }
    default:
      return FALLBACK;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && (value as { toJSON?: unknown }).toJSON === undefined;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function shapeOf(keys: string[]): Shape {
  const prefixes = keys.map((key, i) => `${i === 0 ? '{' : ','}${JSON.stringify(key)}:`);
  return { keys, prefixes, prefixBytes: prefixes.map((prefix) => new Uint8Array(Buffer.from(prefix, 'utf8'))) };
}

/** encode()'s answer when JSON.stringify(value) is undefined (a function, a symbol, undefined). */
export const NO_JSON_TEXT = -2;
/** Integers below this magnitude are written digit by digit (their quotients by 10 stay exact). */
const DIGIT_LIMIT = 1e15;
/** The longest text String() gives a number ("-1.7976931348623157e+308"). */
const MAX_NUMBER_CHARS = 24;

/** Writes `text`'s UTF-8 at `at`; the end, or -1 when it does not fit in `buf`. */
function writeText(buf: Buffer, at: number, text: string): number {
  const room = buf.length - at;
  if (text.length * 3 > room && Buffer.byteLength(text, 'utf8') > room) return -1;
  return at + buf.write(text, at, room, 'utf8');
}

/** Writes ASCII `text` (one byte per character) at `at`; room already checked. */
function writeAscii(buf: Buffer, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) buf[at++] = text.charCodeAt(i);
  return at;
}

/** Decimal digits of a non-negative integer below 2 ** 31. */
function digitsOfSmall(value: number): number {
  if (value < 100_000) return value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10_000 ? 4 : 5;
  return value < 1_000_000 ? 6 : value < 10_000_000 ? 7 : value < 100_000_000 ? 8 : value < 1_000_000_000 ? 9 : 10;
}

/** Writes String(value) of a finite number at `at` (MAX_NUMBER_CHARS of room checked). */
function writeNumber(buf: Buffer, at: number, value: number): number {
  if (!Number.isInteger(value) || value <= -DIGIT_LIMIT || value >= DIGIT_LIMIT) return writeAscii(buf, at, String(value));
  if (value < 0) {
    buf[at++] = 0x2d;
    value = -value;
  }
  if (value <= 0x7fffffff) {
    // Small integers in int32 arithmetic, the common case (ids, counts, amounts).
    const end = at + digitsOfSmall(value);
    let rest = value | 0;
    for (let p = end - 1; p >= at; p--) {
      const next = (rest / 10) | 0;
      buf[p] = 0x30 + rest - next * 10;
      rest = next;
    }
    return end;
  }
  let digits = 10;
  for (let rest = Math.floor(value / 1e10); rest >= 1; rest = Math.floor(rest / 10)) digits++;
  const end = at + digits;
  for (let p = end - 1; p >= at; p--) {
    const next = Math.floor(value / 10);
    buf[p] = 0x30 + value - next * 10;
    value = next;
  }
  return end;
}

/**
 * Writes a string value's JSON at `at`: quotes around its bytes when it is short, ASCII and needs
 * no escaping, else JSON.stringify's text. The end, or -1 when it does not fit.
 */
function writeString(buf: Buffer, at: number, text: string): number {
  const n = text.length;
  if (n > SHORT_STRING || at + n + 2 > buf.length) return writeText(buf, at, JSON.stringify(text));
  buf[at] = 0x22;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c >= 0x80) return writeText(buf, at, JSON.stringify(text));
    buf[at + 1 + i] = c;
  }
  buf[at + n + 1] = 0x22;
  return at + n + 2;
}

/** Writes one property value's JSON at `at`: the end, -1 when it does not fit, or FALLBACK. */
function writeValue(buf: Buffer, at: number, value: unknown): number | typeof FALLBACK {
  switch (typeof value) {
    case 'string':
      return writeString(buf, at, value);
    case 'number':
      if (at + MAX_NUMBER_CHARS > buf.length) return -1;
      return Number.isFinite(value) ? writeNumber(buf, at, value) : writeAscii(buf, at, 'null');
    case 'boolean':
    case 'object': {
      const text = valueText(value);
      return text === FALLBACK ? FALLBACK : writeText(buf, at, text);
    }
    default:
      return FALLBACK;
  }
}

/** Copies `bytes` to `at`; the end, or -1 when they do not fit. */
function writeBytes(buf: Buffer, at: number, bytes: Uint8Array): number {
  const n = bytes.length;
  if (at + n > buf.length) return -1;
  for (let i = 0; i < n; i++) buf[at + i] = bytes[i]!;
  return at + n;
}

export class JsonWriter {
  private readonly shapes: Shape[] = [];
  private next = 0;

  /** JSON.stringify(value), faster for plain objects of a known shape. */
  write(value: unknown): string | undefined {
    if (!isPlainObject(value)) return JSON.stringify(value) as string | undefined;
    const keys = Object.keys(value);
    const shape = this.shapeFor(keys);
    if (shape === undefined) return JSON.stringify(value);
    if (keys.length === 0) return '{}';
    let text: string | typeof FALLBACK;
    try {
      text = this.properties(value, keys, shape.prefixes);
    } catch {
      // A nested value JSON.stringify rejects (a cycle, a bigint): the whole value's error, as
      // JSON.stringify words it from the top.
      text = FALLBACK;
    }
    return text === FALLBACK ? JSON.stringify(value) : text;
  }

  /**
   * Writes the UTF-8 bytes of JSON.stringify(value) into `buf` from `at`: the end, -1 when they do
   * not fit (nothing written counts then), or NO_JSON_TEXT.
   */
  encode(value: unknown, buf: Buffer, at: number): number {
    if (isPlainObject(value)) {
      const keys = Object.keys(value);
      const shape = this.shapeFor(keys);
      if (shape !== undefined && keys.length > 0) {
        let end: number | typeof FALLBACK;
        try {
          end = encodeProperties(value, keys, shape.prefixBytes, buf, at);
        } catch {
          end = FALLBACK; // as in write(): JSON.stringify of the whole value reports the error
        }
        // Out of room (-1) is final only for the text itself: a value whose fast path gives up
        // later (a property JSON.stringify omits) may have a shorter text that fits.
        if (end !== FALLBACK && end >= 0) return end;
      }
    }
    const text = this.write(value);
    return text === undefined ? NO_JSON_TEXT : writeText(buf, at, text);
  }

  private properties(value: Record<string, unknown>, keys: readonly string[], prefixes: readonly string[]): string | typeof FALLBACK {
    let text = '';
    for (let i = 0; i < keys.length; i++) {
      const part = valueText(value[keys[i]!]);
      if (part === FALLBACK) return FALLBACK;
      text += prefixes[i]! + part;
    }
    return `${text}}`;
  }

  private shapeFor(keys: string[]): Shape | undefined {
    const shapes = this.shapes;
    for (let i = 0; i < shapes.length; i++) if (sameKeys(shapes[i]!.keys, keys)) return shapes[i];
    if (keys.length > MAX_KEYS) return undefined;
    const shape = shapeOf(keys);
    if (shapes.length < MAX_SHAPES) {
      shapes.push(shape);
    } else {
      shapes[this.next] = shape;
      this.next = (this.next + 1) % MAX_SHAPES;
    }
    return shape;
  }
}

/** encode()'s fast path: the object's properties after the shape's prefixes, then `}`. */
function encodeProperties(value: Record<string, unknown>, keys: readonly string[], prefixes: readonly Uint8Array[], buf: Buffer, at: number): number | typeof FALLBACK {
  let p = at;
  for (let i = 0; i < keys.length; i++) {
    if ((p = writeBytes(buf, p, prefixes[i]!)) < 0) return -1;
    const end = writeValue(buf, p, value[keys[i]!]);
    if (end === FALLBACK || end < 0) return end;
    p = end;
  }
  if (p >= buf.length) return -1;
  buf[p] = 0x7d;
  return p + 1;
}
