import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FrameReader } from './frame-reader.js';

function frame(payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

describe('FrameReader', () => {
  it('reassembles frames however the stream is chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1 }), (payloads, cuts) => {
        const stream = Buffer.concat(payloads.map((p) => frame(Buffer.from(p))));
        const reader = new FrameReader(1024);
        const frames: Buffer[] = [];
        let pos = 0;
        let i = 0;
        while (pos < stream.length) {
          const size = cuts[i++ % cuts.length]!;
          const result = reader.push(stream.subarray(pos, pos + size));
          if (!Array.isArray(result)) throw new Error(result.reason);
          frames.push(...result.map((f) => Buffer.from(f)));
          pos += size;
        }
        expect(frames.map((f) => [...f])).toEqual(payloads.map((p) => [...p]));
        expect(reader.pendingBytes).toBe(0);
      }),
    );
  });

  it('refuses an oversized or negative frame from its size alone', () => {
    const reader = new FrameReader(100);
    const size = Buffer.alloc(4);
    size.writeInt32BE(0x7fffffff);
    expect(reader.push(size)).toEqual({ reason: expect.stringMatching(/2147483647 bytes.*socket\.request\.max\.bytes/) });
    const negative = new FrameReader(100);
    expect(negative.push(Buffer.from([0xff, 0xff, 0xff, 0xfe]))).toHaveProperty('reason');
  });
});
