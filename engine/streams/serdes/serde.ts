/**
 * Serdes: how keys and values become bytes on topics and in changelogs.
 *
 * A Serde never sees null: the framework maps null to a null payload (a tombstone) and back, the
 * way Kafka's built-in serdes do. Numbers follow Kafka's big-endian layouts (IntegerSerializer:
 * 4 bytes, LongSerializer: 8 bytes two's complement, DoubleSerializer: IEEE-754 8 bytes), so bytes
 * written here read back in a Java consumer with the matching serde, and vice versa.
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

const stringSerde: Serde<string> = readsInPlace(
  {
    serialize: (_topic, value) => Buffer.from(String(value), 'utf8'),
    deserialize: (_topic, bytes) => utf8Text(bytes, 0, bytes.length),
    serializeText: (_topic, value) => String(value),
  },
  (_topic, bytes, start, end) => utf8Text(bytes, start, end),
);

const bytesSerde: Serde<Buffer> = readsInPlace({
  serialize: (_topic, value) => Buffer.from(value),
  deserialize: (_topic, bytes) => Buffer.from(bytes),
});

const int32Serde: Serde<number> = readsInPlace({
  serialize(_topic, value) {
    const out = Buffer.alloc(4);
    out.writeInt32BE(value | 0);
    return out;
  },
  deserialize(topic, bytes) {
    if (bytes.length !== 4) throw new Error(`Size of data received by Int32 deserializer is not 4 (topic ${topic}, ${bytes.length} bytes)`);
    return bytes.readInt32BE(0);
  },
});

const TWO_32 = 0x1_0000_0000;

const int64Serde: Serde<number> = readsInPlace({
  serialize(_topic, value) {
    const out = Buffer.allocUnsafe(8);
    const v = Math.trunc(value);
    if (Number.isSafeInteger(v)) {
      // Safe integers without BigInt: high word (signed) and low word (unsigned).
      const hi = Math.floor(v / TWO_32);
      out.writeInt32BE(hi, 0);
      out.writeUInt32BE(v - hi * TWO_32, 4);
    } else {
      out.writeBigInt64BE(BigInt(v));
    }
    return out;
  },
  deserialize(topic, bytes) {
    if (bytes.length !== 8) throw new Error(`Size of data received by Int64 deserializer is not 8 (topic ${topic}, ${bytes.length} bytes)`);
    const hi = bytes.readInt32BE(0);
    if (hi > 0x1f_ffff || hi < -0x20_0000) return Number(bytes.readBigInt64BE(0));
    return hi * TWO_32 + bytes.readUInt32BE(4);
  },
});

const float64Serde: Serde<number> = readsInPlace({
  serialize(_topic, value) {
    const out = Buffer.alloc(8);
    out.writeDoubleBE(value);
    return out;
  },
  deserialize(topic, bytes) {
    if (bytes.length !== 8) throw new Error(`Size of data received by Float64 deserializer is not 8 (topic ${topic}, ${bytes.length} bytes)`);
    return bytes.readDoubleBE(0);
  },
});

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
  JSON: <T = unknown>(): Serde<T> => jsonSerde<T>(),
  Int32: (): Serde<number> => int32Serde,
  Int64: (): Serde<number> => int64Serde,
  Float64: (): Serde<number> => float64Serde,
  Integer: (): Serde<number> => int32Serde,
  Long: (): Serde<number> => int64Serde,
  Double: (): Serde<number> => float64Serde,
} as const;
