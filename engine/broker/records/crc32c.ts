/**
 * CRC-32C (Castagnoli), the checksum of RecordBatch v2. Backed by a native SSE4.2/ARMv8
 * implementation (@node-rs/crc32); the result is an unsigned 32-bit number.
 */
import { crc32c as nativeCrc32c } from '@node-rs/crc32';

export function crc32c(data: Uint8Array): number {
  return nativeCrc32c(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)) >>> 0;
}
