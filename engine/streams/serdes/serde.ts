/**
 * Serdes: how keys and values become bytes on topics and in changelogs.
 *
 * A Serde never sees null: the framework maps null to a null payload (a tombstone) and back, the
 * way Kafka's built-in serdes do (and the built-ins, called directly, serialize null as null).
 * Numbers follow Kafka's big-endian layouts (ShortSerializer: 2 bytes, IntegerSerializer: 4,
 * LongSerializer: 8 bytes two's complement, FloatSerializer / DoubleSerializer: IEEE-754 4 / 8
 * bytes), Boolean is one byte 0 or 1, UUID its 36-character text, Void always null; so bytes
 * written here read back in a Java consumer with the matching serde, and vice versa. A value a
 * serde's layout cannot hold (an Int32 of 1.5, a Long beyond 2^53) is an error naming it.
 */
import type { PayloadEncoder } from '../../client/record-batch-builder.js';
import { JsonReader } from './json-reader.js';
import { JsonWriter, NO_JSON_TEXT } from './json-writer.js';
import { asciiChars, utf8Slice } from './native-slices.js';

export interface Serde<T> {
  serialize(topic: string, value: T): Buffer | null;
  deserialize(topic: string, bytes: Buffer): T;
  /**
   * Optional fast path for text formats: the string whose UTF-8 bytes serialize() returns, so a
   * writer can encode it in place (the runtime's collector writes it straight into the batch).
   */
  serializeText?(topic: string, value: T): string;
}

/** deserialize(topic, bytes.subarray(start, end)), without making that view. */
type SpanReader = (topic: string, bytes: Buffer, start: number, end: number) => unknown;

/**
 * The built-in serdes' in-place readers. The runtime reads records as spans of the fetched bytes,
 * which may be the embedded broker's own log memory (FetchOptions.shareLogMemory): only these
 * readers, which read the bytes and keep none of them, see that memory; a user's serde gets a copy.
 */
const spanReaders = new WeakMap<Serde<unknown>, SpanReader>();

type SerializeText = NonNullable<Serde<unknown>['serializeText']>;
/** Each built-in serde's serializeText → the serialize it stands for. */
const builtInTexts = new WeakMap<SerializeText, Serde<unknown>['serialize']>();

/**
 * Registers a built-in `serde`: its in-place reader (`reader`, else its own deserialize as it is
 * now: captured, so that a deserialize replaced later never sees log memory) and its serializeText
 * as standing for its serialize (see payloadSerializerOf). Returns the serde frozen.
 */
function readsInPlace<T>(serde: Serde<T>, reader?: SpanReader): Serde<T> {
  const deserialize = serde.deserialize;
  spanReaders.set(serde as Serde<unknown>, reader ?? ((topic, bytes, start, end) => deserialize(topic, bytes.subarray(start, end))));
  if (serde.serializeText !== undefined) builtInTexts.set(serde.serializeText as SerializeText, serde.serialize as Serde<unknown>['serialize']);
  return Object.freeze(serde);
}

/**
 * The built-in serdes that write their bytes straight into a record batch (the JSON serde), with
 * their encoders: registered for the frozen serde object itself, so a serde built from one (a
 * spread with its own serialize) never gets another's encoder.
 */
const payloadEncoders = new WeakMap<Serde<unknown>, PayloadEncoder>();

/** null/undefined ↔ null payload; everything else through the serde. */
export function serializeNullable<T>(serde: Serde<T>, topic: string, value: T | null | undefined): Buffer | null {
  if (value === null || value === undefined) return null;
  return serde.serialize(topic, value);
}

/** Serializes a key or value (null/undefined ↔ null) to bytes or to text written as UTF-8. */
export type PayloadSerializer<T> = (topic: string, value: T | null | undefined) => Buffer | string | null;


/**
 * How a writer that takes text serializes with `serde` (look it up once per sink): through
 * serializeText when the serde has one that stands for its serialize, else through serialize. A
 * serde spread from a built-in one with a serialize of its own (`{ ...Serdes.JSON(), serialize }`)
 * carries the built-in's serializeText, which does not stand for that serialize: its serialize is
 * used, so what it writes is what the user wrote.
 */
export function payloadSerializerOf<T>(serde: Serde<T>): PayloadSerializer<T> {
  const text = serde.serializeText;
  const builtInSerialize = text === undefined ? undefined : builtInTexts.get(text as SerializeText);
  if (text !== undefined && (builtInSerialize === undefined || builtInSerialize === serde.serialize)) {
    return (topic, value) => (value === null || value === undefined ? null : text.call(serde, topic, value));
  }
  return (topic, value) => (value === null || value === undefined ? null : serde.serialize(topic, value));
}

/**
 * The encoder that writes `serde`'s bytes for a value straight into a record batch (the built-in
 * JSON serde's), or undefined.
 */
export function payloadEncoderOf(serde: Serde<unknown>): PayloadEncoder | undefined {
  return payloadEncoders.get(serde);
}

export function deserializeNullable<T>(serde: Serde<T>, topic: string, bytes: Buffer | null): T | null {
  if (bytes === null) return null;
  return serde.deserialize(topic, bytes);
}

/**
 * deserializeNullable of bytes[at, at + length), where a length of -1 is a null payload: read in
 * place by a built-in serde; a user's serde gets a copy when `bytes` are shared (log) memory.
 */
export type SpanDeserializer<T> = (topic: string, bytes: Buffer, at: number, length: number) => T | null;

/** The span deserializer of `serde` (look it up once per source: it is a WeakMap lookup). */
export function spanDeserializerOf<T>(serde: Serde<T>): SpanDeserializer<T> {
  const reader = spanReaders.get(serde as Serde<unknown>);
  if (reader !== undefined) return (topic, bytes, at, length) => (length < 0 ? null : (reader(topic, bytes, at, at + length) as T));
  return (topic, bytes, at, length) => {
    if (length < 0) return null;
    const payload = bytes.subarray(at, at + length);
    return serde.deserialize(topic, bytes.buffer instanceof SharedArrayBuffer ? Buffer.from(payload) : payload);
  };
}

/**
 * The UTF-8 text of bytes[start, end). Up to 8 ASCII bytes (short keys) are decoded in JS, which
 * costs a third of Node's native decoding call; everything else goes to Node's native UTF-8
 * slicer (what Buffer#toString calls, without its argument checks). Both give the same string.
 */
function utf8Text(bytes: Buffer, start: number, end: number): string {
  const n = end - start;
  if (n > 8) return utf8Slice(bytes, start, end);
  let bits = 0;
  for (let i = start; i < end; i++) bits |= bytes[i]!;
  return bits < 0x80 ? asciiChars(bytes, start, n) : utf8Slice(bytes, start, end);
}

/** As Kafka's serializers: a null value is serialized as null (no bytes: a tombstone). */
const isAbsent = (value: unknown): value is null | undefined => value === null || value === undefined;

/** A value a number serde cannot write exactly: named, with what the serde takes. */
function cannotWrite(serde: string, value: unknown, takes: string): RangeError {
  return new RangeError(`The ${serde} serde cannot serialize ${String(value)}: it takes ${takes}`);
}

const stringSerde: Serde<string> = readsInPlace(
  {
    serialize: (_topic, value) => (isAbsent(value) ? null : Buffer.from(String(value), 'utf8')),
    deserialize: (_topic, bytes) => utf8Text(bytes, 0, bytes.length),
    serializeText: (_topic, value) => String(value),
  },
  (_topic, bytes, start, end) => utf8Text(bytes, start, end),
);

const bytesSerde: Serde<Buffer> = readsInPlace({
  serialize: (_topic, value) => (isAbsent(value) ? null : Buffer.from(value)),
  deserialize: (_topic, bytes) => Buffer.from(bytes),
});

const int32Serde: Serde<number> = readsInPlace({
  serialize(_topic, value) {
    if (isAbsent(value)) return null;
    if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0x7fff_ffff) throw cannotWrite('Int32', value, 'whole numbers in [-2147483648, 2147483647]');
    const out = Buffer.allocUnsafe(4);
    out.writeInt32BE(value);
    return out;
  },
  deserialize(topic, bytes) {
    if (bytes.length !== 4) throw new Error(`Size of data received by Int32 deserializer is not 4 (topic ${topic}, ${bytes.length} bytes)`);
    return bytes.readInt32BE(0);
  },
});

const TWO_32 = 0x1_0000_0000;

/**
 * Kafka's Long, as a JavaScript number: only whole numbers within ±(2^53 − 1) are exact, so others
 * are refused both ways (a Java producer's larger id would otherwise be read rounded, and two ids
 * read as one) with an error naming the value; read such a topic with Serdes.Bytes().
 */
const int64Serde: Serde<number> = readsInPlace({
  serialize(_topic, value) {
    if (isAbsent(value)) return null;
    if (!Number.isSafeInteger(value)) throw cannotWrite('Int64', value, 'whole numbers within ±(2^53 − 1), the range a JavaScript number holds exactly');
    const out = Buffer.allocUnsafe(8);
    // Safe integers without BigInt: high word (signed) and low word (unsigned).
    const hi = Math.floor(value / TWO_32);
    out.writeInt32BE(hi, 0);
    out.writeUInt32BE(value - hi * TWO_32, 4);
    return out;
  },
  deserialize(topic, bytes) {
    if (bytes.length !== 8) throw new Error(`Size of data received by Int64 deserializer is not 8 (topic ${topic}, ${bytes.length} bytes)`);
    const hi = bytes.readInt32BE(0);
    if (hi > 0x1f_ffff || hi < -0x20_0000) {
      const exact = bytes.readBigInt64BE(0);
      if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new RangeError(`The Int64 value ${exact} (topic ${topic}) is beyond ±(2^53 − 1), which a JavaScript number cannot hold exactly; read it with Serdes.Bytes()`);
      }
      return Number(exact);
    }
    return hi * TWO_32 + bytes.readUInt32BE(4);
  },
});

const float64Serde: Serde<number> = readsInPlace({
  serialize(_topic, value) {
    if (isAbsent(value)) return null;
    const out = Buffer.allocUnsafe(8);
    out.writeDoubleBE(value);
    return out;
  },
  deserialize(topic, bytes) {
    if (bytes.length !== 8) throw new Error(`Size of data received by Float64 deserializer is not 8 (topic ${topic}, ${bytes.length} bytes)`);
    return bytes.readDoubleBE(0);
  },
});

/** A fixed-size number serde: `size` bytes written and read by the given Buffer methods. */
function fixedSizeSerde(name: string, size: number, check: (value: number) => boolean, takes: string, write: (out: Buffer, value: number) => void, read: (bytes: Buffer) => number): Serde<number> {
  return readsInPlace({
    serialize(_topic, value) {
      if (isAbsent(value)) return null;
      if (!check(value)) throw cannotWrite(name, value, takes);
      const out = Buffer.allocUnsafe(size);
      write(out, value);
      return out;
    },
    deserialize(topic, bytes) {
      if (bytes.length !== size) throw new Error(`Size of data received by ${name} deserializer is not ${size} (topic ${topic}, ${bytes.length} bytes)`);
      return read(bytes);
    },
  });
}

const int16Serde = fixedSizeSerde(
  'Int16',
  2,
  (v) => Number.isInteger(v) && v >= -0x8000 && v <= 0x7fff,
  'whole numbers in [-32768, 32767]',
  (out, v) => out.writeInt16BE(v),
  (bytes) => bytes.readInt16BE(0),
);

const float32Serde = fixedSizeSerde(
  'Float32',
  4,
  (v) => typeof v === 'number',
  'numbers',
  (out, v) => out.writeFloatBE(v),
  (bytes) => bytes.readFloatBE(0),
);

const booleanSerde: Serde<boolean> = readsInPlace({
  serialize(_topic, value) {
    if (isAbsent(value)) return null;
    if (typeof value !== 'boolean') throw new TypeError(`The Boolean serde cannot serialize ${String(value)}: it takes true or false`);
    return Buffer.from([value ? 1 : 0]);
  },
  deserialize(topic, bytes) {
    if (bytes.length !== 1) throw new Error(`Size of data received by Boolean deserializer is not 1 (topic ${topic}, ${bytes.length} bytes)`);
    if (bytes[0]! > 1) throw new Error(`Unexpected byte received by Boolean deserializer: ${bytes[0]} (topic ${topic})`);
    return bytes[0] === 1;
  },
});

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Kafka's UUIDSerde: the UUID's canonical text (36 characters) as UTF-8. */
const uuidSerde: Serde<string> = readsInPlace({
  serialize(_topic, value) {
    if (isAbsent(value)) return null;
    if (!UUID_TEXT.test(value)) throw new TypeError(`The UUID serde cannot serialize ${JSON.stringify(value)}: it takes a UUID such as 123e4567-e89b-12d3-a456-426614174000`);
    return Buffer.from(value.toLowerCase(), 'utf8');
  },
  deserialize(topic, bytes) {
    const text = bytes.toString('utf8');
    if (!UUID_TEXT.test(text)) throw new Error(`Data received by UUID deserializer is not a UUID: ${JSON.stringify(text.slice(0, 64))} (topic ${topic})`);
    return text.toLowerCase();
  },
});

/** Kafka's VoidSerde: always null; bytes where none may be are an error. */
const voidSerde: Serde<null> = {
  serialize: () => null,
  deserialize(topic, bytes) {
    if (bytes !== null) throw new Error(`Data should be null for a Void deserializer (topic ${topic}, ${bytes.length} bytes)`);
    return null;
  },
};

/**
 * JSON as JSON.parse and JSON.stringify read and write it, through a reader and a writer that
 * learn the shapes of the objects this serde sees (json-reader.ts, json-writer.ts): one pair per
 * Serdes.JSON() call, so each source and sink learns its own topic's shapes.
 */
function jsonSerde<T>(): Serde<T> {
  const reader = new JsonReader();
  const writer = new JsonWriter();
  const cannotSerialize = (value: unknown): TypeError => new TypeError(`The JSON serde cannot serialize a value of type ${typeof value}`);
  /** JSON text of a value; values JSON cannot represent (functions, symbols) are an error. */
  const jsonText = (value: unknown): string => {
    const text = writer.write(value);
    if (text === undefined) throw cannotSerialize(value);
    return text;
  };
  const serde = readsInPlace<T>(
    {
      serialize: (_topic, value) => Buffer.from(jsonText(value), 'utf8'),
      deserialize: (_topic, bytes) => reader.read(bytes) as T,
      serializeText: (_topic, value) => jsonText(value),
    },
    (_topic, bytes, start, end) => reader.readSpan(bytes, start, end),
  );
  payloadEncoders.set(serde as Serde<unknown>, (value, buf, at) => {
    const end = writer.encode(value, buf, at);
    if (end === NO_JSON_TEXT) throw cannotSerialize(value);
    return end;
  });
  return serde;
}

/** Built-in serdes, named as in Kafka's `Serdes` (with byte-size aliases). */
export const Serdes = {
  String: (): Serde<string> => stringSerde,
  Bytes: (): Serde<Buffer> => bytesSerde,
  ByteArray: (): Serde<Buffer> => bytesSerde,
  JSON: <T = unknown>(): Serde<T> => jsonSerde<T>(),
  Int16: (): Serde<number> => int16Serde,
  Int32: (): Serde<number> => int32Serde,
  Int64: (): Serde<number> => int64Serde,
  Float32: (): Serde<number> => float32Serde,
  Float64: (): Serde<number> => float64Serde,
  Short: (): Serde<number> => int16Serde,
  Integer: (): Serde<number> => int32Serde,
  Long: (): Serde<number> => int64Serde,
  Float: (): Serde<number> => float32Serde,
  Double: (): Serde<number> => float64Serde,
  Boolean: (): Serde<boolean> => booleanSerde,
  UUID: (): Serde<string> => uuidSerde,
  Void: (): Serde<null> => voidSerde,
} as const;
