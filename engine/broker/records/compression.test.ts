// Compression codecs: round trips, the byte formats Kafka clients expect, and named errors on corrupt input.
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { compressSync as rawSnappy } from 'snappy';
import { describe, expect, it } from 'vitest';
import { ErrorCode, KafkaError } from '../errors.js';
import {
  type CompressionCodec,
  CompressionType,
  compress,
  compressionName,
  decompress,
  isCompressionCodec,
  parseCompressionName,
} from './compression.js';

const codecs = Object.entries(CompressionType) as [string, CompressionCodec][];
const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** Compressible records, like the JSON values a pipeline carries. */
function jsonLike(minBytes: number): Buffer {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < minBytes; i++) {
    const line = JSON.stringify({
      id: i,
      customer: `c-${i % 97}`,
      amount: (i * 7919) % 1000,
      ts: 1_700_000_000_000 + i,
    });
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join('\n'));
}

function expectCorrupt(codec: CompressionCodec, data: Buffer): void {
  let thrown: unknown;
  try {
    decompress(codec, data);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(KafkaError);
  expect((thrown as KafkaError).errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
  expect((thrown as KafkaError).message).toMatch(
    new RegExp(`^${compressionName(codec)} decompression failed: .+`),
  );
}

describe('codec names', () => {
  it('maps names and numbers both ways', () => {
    for (const [name, code] of codecs) {
      expect(compressionName(code)).toBe(name);
      expect(parseCompressionName(name)).toBe(code);
    }
    expect(isCompressionCodec(4)).toBe(true);
    expect(isCompressionCodec(5)).toBe(false);
  });

  it('rejects an unknown name, naming it and the valid ones', () => {
    expect(() => parseCompressionName('lzma')).toThrow(/"lzma".*none, gzip, snappy, lz4, zstd/);
    expect(() => parseCompressionName('toString')).toThrow(/"toString"/);
  });

  it('answers UNSUPPORTED_COMPRESSION_TYPE for codec numbers 5-7', () => {
    expect(() => decompress(5 as CompressionCodec, Buffer.alloc(1))).toThrow(
      expect.objectContaining({ errorCode: ErrorCode.UNSUPPORTED_COMPRESSION_TYPE }),
    );
    expect(() => compress(7 as CompressionCodec, Buffer.alloc(1))).toThrow(/Unsupported compression codec 7/);
  });
});

describe.each(codecs)('%s', (_name, codec) => {
  it('round-trips arbitrary buffers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const data = Buffer.from(bytes);
        expect(decompress(codec, compress(codec, data)).equals(data)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips empty and large (> 100 KiB) inputs', () => {
    const random = fc.sample(fc.uint8Array({ minLength: 100 * 1024 + 1, maxLength: 300 * 1024 }), 3);
    const inputs = [Buffer.alloc(0), jsonLike(150 * 1024), ...random.map((bytes) => Buffer.from(bytes))];
    for (const data of inputs) expect(decompress(codec, compress(codec, data)).equals(data)).toBe(true);
  });
});

describe.each(codecs.filter(([, codec]) => codec !== CompressionType.none))(
  '%s corrupt input',
  (_name, codec) => {
    it('throws a CORRUPT_MESSAGE error naming the codec on garbage and on truncation', () => {
      expectCorrupt(codec, Buffer.from('definitely not a compressed payload'));
      const good = compress(codec, jsonLike(10_000));
      expectCorrupt(codec, good.subarray(0, good.length - 7));
    });
  },
);

describe('wire formats other clients read', () => {
  it('gzip: a valid gzip stream', () => {
    const data = jsonLike(5000);
    const out = compress(CompressionType.gzip, data);
    expect([...out.subarray(0, 3)]).toEqual([0x1f, 0x8b, 0x08]);
    expect(gunzipSync(out).equals(data)).toBe(true);
  });

  it('lz4: an LZ4 frame with independent blocks, as Java’s decoder expects', () => {
    const out = compress(CompressionType.lz4, jsonLike(200 * 1024));
    expect(out.readUInt32LE(0)).toBe(0x184d2204);
    const flg = out[4] ?? 0;
    expect(flg >> 6).toBe(0b01); // frame version
    expect(flg & 0x20).toBe(0x20); // block independence
  });

  it('lz4: decodes a frame written by the lz4 CLI (content checksum set)', () => {
    const cli =
      hex(`04224d186440a722000000e268656c6c6f20736c756963652c200e00546b61666b610d000a1b00506b61666b61
      0000000008ad9c5e`);
    expect(decompress(CompressionType.lz4, cli).toString()).toBe(
      'hello sluice, hello kafka, hello sluice, hello kafka',
    );
  });

  it('zstd: a zstd frame, and streaming frames without a content size decode too', () => {
    const out = compress(CompressionType.zstd, jsonLike(1000));
    expect(out.readUInt32LE(0)).toBe(0xfd2fb528);
    const streamed = hex(
      '28b52ffd0458ed00009868656c6c6f20736c756963652c206b61666b610310049e00102d0625cca095ff',
    );
    expect(decompress(CompressionType.zstd, streamed).toString()).toBe(
      'hello sluice, hello kafka, hello sluice, hello kafka',
    );
  });
});

describe('snappy framing', () => {
  const header = '82534e4150505900 00000001 00000001';

  it('encodes with the xerial header and 32 KiB blocks', () => {
    expect(
      compress(CompressionType.snappy, Buffer.from('hello')).equals(
        hex(`${header} 00000007 05 10 68656c6c6f`),
      ),
    ).toBe(true);

    const out = compress(CompressionType.snappy, jsonLike(100 * 1024)); // > 3 blocks of 32 KiB
    const blockSizes: number[] = [];
    for (let offset = 16; offset < out.length;) {
      const length = out.readInt32BE(offset);
      blockSizes.push(
        decompress(CompressionType.snappy, out.subarray(offset + 4, offset + 4 + length)).length,
      );
      offset += 4 + length;
    }
    expect(blockSizes.length).toBe(4);
    expect(blockSizes.slice(0, 3)).toEqual([32768, 32768, 32768]);
  });

  it('decodes xerial-framed, raw (librdkafka) and concatenated xerial input', () => {
    expect(decompress(CompressionType.snappy, hex(`${header} 00000007 05 10 68656c6c6f`)).toString()).toBe(
      'hello',
    );
    const data = jsonLike(70_000);
    expect(decompress(CompressionType.snappy, rawSnappy(data)).equals(data)).toBe(true);
    const twice = Buffer.concat([
      compress(CompressionType.snappy, data),
      compress(CompressionType.snappy, data),
    ]);
    expect(decompress(CompressionType.snappy, twice).equals(Buffer.concat([data, data]))).toBe(true);
  });

  it('rejects truncated or lying xerial framing', () => {
    expectCorrupt(CompressionType.snappy, hex('82534e4150505900 000000'));
    expectCorrupt(CompressionType.snappy, hex(`${header} 000000`));
    expectCorrupt(CompressionType.snappy, hex(`${header} 00000009 05 10 68656c6c6f`));
    expectCorrupt(CompressionType.snappy, hex(`${header} ffffffff 05`));
  });
});
