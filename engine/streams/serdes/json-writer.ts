/**
 * Value → JSON text, for the JSON serde: a fast path for plain objects of a shape seen before.
 *
 * A sink mostly writes objects of one or a few shapes (the same own keys in the same order). For
 * a plain object (prototype Object.prototype or null, no toJSON) whose keys match a remembered
 * shape (up to MAX_SHAPES), the writer concatenates precomputed `"key":` prefixes with each value:
 * strings, numbers, booleans and null directly, any other object through JSON.stringify. That is
 * about twice as fast as JSON.stringify of the whole object.
 *
 * Invariant: write(value) returns exactly JSON.stringify(value) (or throws its error). Whatever the
 * fast path would not write the same way — a property JSON.stringify would omit (undefined, a
 * function, a symbol), a bigint, an object whose toJSON returns undefined, a nested value that
 * throws — sends the whole value to JSON.stringify. Each property is read once on the fast path; a value that falls back midway
 * has its earlier properties read again by JSON.stringify (getters run twice then).
 */
const MAX_SHAPES = 8;
const MAX_KEYS = 64;
/** Strings up to this long are checked for characters to escape here; longer ones go to JSON.stringify. */
const SHORT_STRING = 64;

interface Shape {
  readonly keys: readonly string[];
  /** Per key: `{"key":` for the first, `,"key":` for the others. */
  readonly prefixes: readonly string[];
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
  return { keys, prefixes: keys.map((key, i) => `${i === 0 ? '{' : ','}${JSON.stringify(key)}:`) };
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
