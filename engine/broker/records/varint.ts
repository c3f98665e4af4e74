/**
 * Protobuf-style varints as Kafka uses them: unsigned LEB128 (`UNSIGNED_VARINT` in flexible
 * message versions) and zigzag-signed varint / varlong (record fields in RecordBatch v2).
 *
 * Values are JS numbers. varint covers int32; varlong covers |v| < 2^52 (zigzag doubles the
 * magnitude, and doubles stay exact below 2^53): ±142,000 years of millisecond timestamp deltas. Readers return the value and leave
 * the next position in `cursor.pos`, so hot loops allocate nothing.
 */
export interface Cursor {
  pos: number;
}


/** Bytes an unsigned varint of `value` (0 ≤ value < 2^53) takes. */
export function sizeOfUnsignedVarint(value: number): number {
  // Lengths, counts and offset deltas: compare instead of dividing.
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x20_0000) return 3;
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

export function writeUnsignedVarint(buf: Uint8Array, pos: number, value: number): number {
  while (value >= 0x80) {
    buf[pos++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 128);
  }
  buf[pos++] = value;
  return pos;
}

export function readUnsignedVarint(buf: Uint8Array, cursor: Cursor): number {
  let pos = cursor.pos;
  let result = 0;
  let scale = 1;
  for (let i = 0; i < 8; i++) {
    if (pos >= buf.length) throw new RangeError(`varint runs past the end of the buffer at ${pos}`);
    const byte = buf[pos++]!;
    result += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      cursor.pos = pos;
      return result;
    }
    scale *= 128;
  }
  throw new RangeError(`varint at ${cursor.pos} is longer than 8 bytes`);
}

/** Zigzag mapping that stays exact for |v| < 2^52 (no 32-bit bitwise ops). */
function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

function unzigzag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

export function sizeOfVarint(value: number): number {
  return sizeOfUnsignedVarint(zigzag(value));
}

export function writeVarint(buf: Uint8Array, pos: number, value: number): number {
  // Fast path for the common small int32 case; identical result to the general zigzag.
  if (value >= -0x4000_0000 && value < 0x4000_0000) {
    let v = (value << 1) ^ (value >> 31);
    while (v >= 0x80) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[pos++] = v;
    return pos;
  }
  return writeUnsignedVarint(buf, pos, zigzag(value));
}

export function readVarint(buf: Uint8Array, cursor: Cursor): number {
  // Fast paths for one and two bytes (|value| < 2^13: lengths, offset and timestamp deltas).
  const pos = cursor.pos;
  const b0 = buf[pos];
  if (b0 !== undefined && b0 < 0x80) {
    cursor.pos = pos + 1;
    return (b0 >>> 1) ^ -(b0 & 1);
  }
  const b1 = buf[pos + 1];
  if (b0 !== undefined && b1 !== undefined && b1 < 0x80) {
    const v = (b0 & 0x7f) | (b1 << 7);
    cursor.pos = pos + 2;
    return (v >>> 1) ^ -(v & 1);
  }
  return unzigzag(readUnsignedVarint(buf, cursor));
}

export const sizeOfVarlong = sizeOfVarint;
export const writeVarlong = writeVarint;
export const readVarlong = readVarint;

/** Big-endian int64s that must be safe integers (offsets, timestamps, producer ids). */
export { readSafeInt64 as readInt64, writeSafeInt64 as writeInt64 } from '../../util/int64.js';
