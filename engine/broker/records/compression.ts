/**
 * The compression codecs of RecordBatch v2 (attributes bits 0-2), byte-compatible with Kafka clients:
 * gzip is a gzip stream, snappy is encoded with the xerial framing Java producers use (and raw
 * snappy, as librdkafka sends, is decoded too), lz4 is the LZ4 *frame* format, zstd a zstd frame.
 *
 * Invariants: `decompress(c, compress(c, x))` equals `x` for every codec; both are synchronous and
 * do no I/O. A failed decompression throws a KafkaError CORRUPT_MESSAGE whose message starts with
 * the codec name ("lz4 decompression failed: …"); a codec number outside 0-4 throws
 * UNSUPPORTED_COMPRESSION_TYPE. `none` returns its input as is (no copy).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { compressSync as snappyCompressSync, uncompressSync as snappyUncompressSync } from 'snappy';
import { compress as zstdCompressSync, decompress as zstdDecompressSync } from 'zstd-napi';
import { ErrorCode, KafkaError } from '../errors.js';

export const CompressionType = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

export type CompressionName = keyof typeof CompressionType;
export type CompressionCodec = (typeof CompressionType)[CompressionName];

const NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const satisfies readonly CompressionName[];

/** Whether `code` (e.g. `attributes & 0x07`) is a codec this module knows. */
export function isCompressionCodec(code: number): code is CompressionCodec {
  return Number.isInteger(code) && code >= 0 && code < NAMES.length;
}

/** The Kafka name of a codec, e.g. 3 → "lz4". */
export function compressionName(code: CompressionCodec): CompressionName {
  return NAMES[checkedCodec(code)];
}

/** The codec for a Kafka `compression.type` name; throws naming the bad value and the valid ones. */
export function parseCompressionName(name: string): CompressionCodec {
  if (Object.hasOwn(CompressionType, name)) return CompressionType[name as CompressionName];
  throw new KafkaError(
    ErrorCode.INVALID_CONFIG,
    `Unknown compression type ${JSON.stringify(name)}; expected one of ${NAMES.join(', ')}`,
  );
}

/** Compresses a batch's records section the way a Kafka producer with this codec would. */
export function compress(codec: CompressionCodec, data: Buffer): Buffer {
  switch (checkedCodec(codec)) {
    case CompressionType.none:
      return data;
    case CompressionType.gzip:
      return gzipSync(data);
    case CompressionType.snappy:
      return snappyEncodeXerial(data);
    case CompressionType.lz4:
      // lz4_flex defaults: independent blocks, no checksums — the frame flags Java's producer writes.
      return compressFrameSync(data);
    case CompressionType.zstd:
      return zstdCompressSync(data);
  }
}

/** Inverse of `compress`; also reads raw snappy. Throws KafkaError CORRUPT_MESSAGE naming the codec. */
export function decompress(codec: CompressionCodec, data: Buffer): Buffer {
  const checked = checkedCodec(codec);
  try {
    switch (checked) {
      case CompressionType.none:
        return data;
      case CompressionType.gzip:
        return gunzipSync(data);
      case CompressionType.snappy:
        return isXerialHeader(data, 0) ? snappyDecodeXerial(data) : snappyDecodeRaw(data);
      case CompressionType.lz4:
        return decompressFrameSync(data);
      case CompressionType.zstd:
        return zstdDecompressSync(data);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `${NAMES[checked]} decompression failed: ${reason}`, {
      cause: error,
    });
  }
}

function checkedCodec(code: number): CompressionCodec {
  if (isCompressionCodec(code)) return code;
  throw new KafkaError(
    ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
    `Unsupported compression codec ${code}; expected 0-4 (${NAMES.join(', ')})`,
  );
}

// ── snappy ──────────────────────────────────────────────────────────────────────────────────────
// xerial framing (org.xerial.snappy.SnappyOutputStream): an 8-byte magic, int32 version 1, int32
// compatible version 1, then blocks of [int32 compressed length][raw snappy of ≤ 32 KiB], all
// big-endian. xerial's reader also accepts several such streams concatenated; so does this one.

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]); // 0x82 "SNAPPY" 0
const XERIAL_HEADER_BYTES = 16;
const XERIAL_BLOCK_BYTES = 32 * 1024;

// Electron (≥ 21, V8 memory cage) forbids native external buffers; snappy then must copy its output.
const SNAPPY_OPTIONS = { copyOutputData: process.versions['electron'] !== undefined };

function isXerialHeader(data: Buffer, offset: number): boolean {
  return (
    data.length - offset >= XERIAL_MAGIC.length &&
    XERIAL_MAGIC.equals(data.subarray(offset, offset + XERIAL_MAGIC.length))
  );
}

function snappyEncodeXerial(data: Buffer): Buffer {
  const header = Buffer.alloc(XERIAL_HEADER_BYTES);
  XERIAL_MAGIC.copy(header, 0);
  header.writeInt32BE(1, 8); // version
  header.writeInt32BE(1, 12); // minimum compatible version
  const parts: Buffer[] = [header];
  for (let offset = 0; offset < data.length; offset += XERIAL_BLOCK_BYTES) {
    const block = snappyCompressSync(data.subarray(offset, offset + XERIAL_BLOCK_BYTES), SNAPPY_OPTIONS);
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length, 0);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

function snappyDecodeXerial(data: Buffer): Buffer {
  const blocks: Buffer[] = [];
  let offset = 0;
  while (offset < data.length) {
    if (isXerialHeader(data, offset)) {
      if (data.length - offset < XERIAL_HEADER_BYTES)
        throw new Error(`truncated xerial header at byte ${offset}`);
      offset += XERIAL_HEADER_BYTES;
      continue;
    }
    if (data.length - offset < 4) throw new Error(`truncated xerial block length at byte ${offset}`);
    const blockBytes = data.readInt32BE(offset);
    offset += 4;
    if (blockBytes < 0 || blockBytes > data.length - offset) {
      throw new Error(
        `xerial block at byte ${offset - 4} claims ${blockBytes} bytes, ${data.length - offset} remain`,
      );
    }
    blocks.push(snappyDecodeRaw(data.subarray(offset, offset + blockBytes)));
    offset += blockBytes;
  }
  return Buffer.concat(blocks);
}

function snappyDecodeRaw(data: Buffer): Buffer {
  const out = snappyUncompressSync(data, { ...SNAPPY_OPTIONS, asBuffer: true });
  if (typeof out === 'string') throw new Error('snappy returned a string despite asBuffer');
  return out;
}
