/**
 * Big-endian 64-bit integers for safe JavaScript integers (offsets, timestamps, counts), without
 * BigInt: the two 32-bit words in two's complement, as Java's DataOutput writes a long. Shared by
 * the record codec and the state stores.
 */
const TWO_32 = 0x1_0000_0000;

/** Reads a big-endian int64 that must be a safe integer. */
export function readSafeInt64(buf: Uint8Array, pos: number): number {
  const hi = (buf[pos]! << 24) | (buf[pos + 1]! << 16) | (buf[pos + 2]! << 8) | buf[pos + 3]!;
  const lo = ((buf[pos + 4]! << 24) | (buf[pos + 5]! << 16) | (buf[pos + 6]! << 8) | buf[pos + 7]!) >>> 0;
  return hi * TWO_32 + lo;
}

/** Writes a safe integer as a big-endian int64. */
export function writeSafeInt64(buf: Uint8Array, pos: number, value: number): void {
  const hi = Math.floor(value / TWO_32);
  const lo = value - hi * TWO_32;
  buf[pos] = hi >>> 24;
  buf[pos + 1] = hi >>> 16;
  buf[pos + 2] = hi >>> 8;
  buf[pos + 3] = hi;
  buf[pos + 4] = lo >>> 24;
  buf[pos + 5] = lo >>> 16;
  buf[pos + 6] = lo >>> 8;
  buf[pos + 7] = lo;
}
