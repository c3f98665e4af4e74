/**
 * Serdes for windowed keys, byte-compatible with Kafka's TimeWindowedSerializer (inner key bytes
 * followed by the 8-byte window start; the end comes from the known window size) and
 * SessionWindowedSerializer (inner key bytes, then 8-byte end, then 8-byte start, as
 * SessionKeySchema#toBinary). Used for repartition, changelog and output topics of windowed tables.
 */
import type { Serde } from './serde.js';
import { windowed, type Windowed } from '../windows/windowed.js';

const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;

export function timeWindowedSerde<K>(inner: Serde<K>, windowSizeMs: number = MAX_TIMESTAMP): Serde<Windowed<K>> {
  return {
    serialize(topic, value) {
      const keyBytes = inner.serialize(topic, value.key) ?? Buffer.alloc(0);
      const out = Buffer.alloc(keyBytes.length + 8);
      keyBytes.copy(out, 0);
      out.writeBigInt64BE(BigInt(value.window.start), keyBytes.length);
      return out;
    },
    deserialize(topic, bytes) {
      if (bytes.length < 8) throw new Error(`Time-windowed key on ${topic} is shorter than 8 bytes`);
      const keyLength = bytes.length - 8;
      const start = Number(bytes.readBigInt64BE(keyLength));
      const end = windowSizeMs >= MAX_TIMESTAMP - start ? MAX_TIMESTAMP : start + windowSizeMs;
      return windowed(inner.deserialize(topic, bytes.subarray(0, keyLength)), start, end);
    },
  };
}

export function sessionWindowedSerde<K>(inner: Serde<K>): Serde<Windowed<K>> {
  return {
    serialize(topic, value) {
      const keyBytes = inner.serialize(topic, value.key) ?? Buffer.alloc(0);
      const out = Buffer.alloc(keyBytes.length + 16);
      keyBytes.copy(out, 0);
      out.writeBigInt64BE(BigInt(value.window.end), keyBytes.length);
      out.writeBigInt64BE(BigInt(value.window.start), keyBytes.length + 8);
      return out;
    },
    deserialize(topic, bytes) {
      if (bytes.length < 16) throw new Error(`Session-windowed key on ${topic} is shorter than 16 bytes`);
      const keyLength = bytes.length - 16;
      const end = Number(bytes.readBigInt64BE(keyLength));
      const start = Number(bytes.readBigInt64BE(keyLength + 8));
      return windowed(inner.deserialize(topic, bytes.subarray(0, keyLength)), start, end);
    },
  };
}

export const WindowedSerdes = {
  timeWindowedSerdeFrom: timeWindowedSerde,
  sessionWindowedSerdeFrom: sessionWindowedSerde,
} as const;
