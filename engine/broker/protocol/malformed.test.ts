/**
 * Hostile and broken input: truncated frames, absurd lengths and counts, nulls where the version
 * forbids them, random bytes. Decoding must throw DecodeError (a RangeError) promptly and never
 * allocate according to an unchecked length, never read past the end, never throw anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, unframe } from './codec.js';
import { DecodeError } from './codec-errors.js';
import { decodeRequestHeader } from './headers.js';
import { decodeMessage } from './plan.js';
import { Reader } from './reader.js';
import { API_DEFINITIONS, type ApiKey } from './registry.js';
import { messageArbitrary } from './testing/schema-arbitrary.js';
import { produceRequest } from './apis/produce.js';
import { metadataRequest } from './apis/metadata.js';

const cases = API_DEFINITIONS.flatMap((api) =>
  Array.from({ length: api.versions.max - api.versions.min + 1 }, (_, i) => ({
    api,
    version: api.versions.min + i,
  })),
);
const labelled = cases.map((c) => [`${c.api.name} v${c.version}`, c] as const);

/** Every cut point of a short message; for long ones, the first and last 200 and every 97th. */
function cuts(from: number, length: number): number[] {
  const out: number[] = [];
  for (let end = from; end < length; end++) {
    if (length - from <= 400 || end < from + 200 || end >= length - 200 || end % 97 === 0) out.push(end);
  }
  return out;
}

function expectDecodeError(fn: () => unknown): DecodeError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DecodeError);
  expect(thrown).toBeInstanceOf(RangeError);
  return thrown as DecodeError;
}

describe('truncation', () => {
  it.each(labelled)(
    'every strict prefix of a %s request or response throws DecodeError',
    (_label, { api, version }) => {
      const key = api.key as ApiKey;
      fc.assert(
        fc.property(
          messageArbitrary(api.request, version),
          messageArbitrary(api.response, version),
          (request, response) => {
            const req = unframe(encodeRequest(key, version, 1, 'c', request as never));
            const { headerSize } = decodeRequestHeader(req);
            for (const end of cuts(headerSize, req.length))
              expectDecodeError(() => decodeRequest(key, version, req.subarray(0, end), headerSize));
            for (let end = 0; end < headerSize; end++)
              expectDecodeError(() => decodeRequestHeader(req.subarray(0, end)));
            const res = unframe(encodeResponse(key, version, 1, response as never));
            for (const end of cuts(0, res.length))
              expectDecodeError(() => decodeResponse(key, version, res.subarray(0, end)));
          },
        ),
        { numRuns: 5 },
      );
    },
  );
});

describe('random bytes', () => {
  it.each(labelled)(
    '%s: decoding garbage either succeeds or throws DecodeError',
    (_label, { api, version }) => {
      const key = api.key as ApiKey;
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
          const buf = Buffer.from(bytes);
          for (const decode of [
            () => decodeRequest(key, version, buf),
            () => decodeResponse(key, version, buf),
          ]) {
            try {
              decode();
            } catch (error) {
              expect(error).toBeInstanceOf(DecodeError);
            }
          }
        }),
        { numRuns: 60 },
      );
    },
  );
});

describe('absurd lengths and counts', () => {
  // Produce v3 body prefix: transactionalId null, acks 1, timeoutMs 0.
  const produceHead = [0xff, 0xff, 0, 1, 0, 0, 0, 0];

  it('rejects an array count of 2^31-1 before allocating', () => {
    const buf = Buffer.from([...produceHead, 0x7f, 0xff, 0xff, 0xff, 0, 1, 0x74]);
    const error = expectDecodeError(() => decodeRequest(0, 3, buf));
    expect(error.message).toMatch(/array count 2147483647 .* exceeds/);
  });

  it('rejects a records length of 2^31-1 before allocating', () => {
    const buf = Buffer.from([
      ...produceHead,
      0,
      0,
      0,
      1,
      0,
      1,
      0x74,
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      0,
      0x7f,
      0xff,
      0xff,
      0xff,
      1,
      2,
      3,
    ]);
    expect(expectDecodeError(() => decodeRequest(0, 3, buf)).message).toMatch(
      /needs 2147483647 bytes, only 3 remain/,
    );
  });

  it('rejects a string length beyond the buffer', () => {
    const buf = Buffer.from([...produceHead, 0, 0, 0, 1, 0x7f, 0xff, ...Buffer.alloc(10, 0x74)]);
    expect(expectDecodeError(() => decodeRequest(0, 3, buf)).message).toMatch(
      /needs 32767 bytes, only 10 remain/,
    );
    // Too few bytes for even one minimal element: caught at the count.
    const short = Buffer.from([...produceHead, 0, 0, 0, 1, 0x7f, 0xff, 0x74]);
    expect(expectDecodeError(() => decodeRequest(0, 3, short)).message).toMatch(
      /array count 1 .* exceeds the 3 bytes/,
    );
  });

  it('rejects negative lengths other than -1', () => {
    expectDecodeError(() => decodeRequest(0, 3, Buffer.from([0xff, 0xfe, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])));
    expectDecodeError(() => decodeRequest(0, 3, Buffer.from([...produceHead, 0xff, 0xff, 0xff, 0xfe])));
  });

  it('rejects compact counts and lengths larger than the buffer (flexible versions)', () => {
    // Metadata v9: topics compact array with N+1 = 2^32-1 (5-byte uvarint).
    expectDecodeError(() => decodeRequest(3, 9, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0, 0, 0])));
    // One topic whose compact name claims 2^28 bytes.
    expectDecodeError(() => decodeRequest(3, 9, Buffer.from([2, 0x81, 0x80, 0x80, 0x80, 0x01, 0x41])));
    // A tagged field claiming 2^31 bytes.
    expectDecodeError(() =>
      decodeRequest(3, 9, Buffer.from([1, 1, 0, 0, 1, 5, 0x80, 0x80, 0x80, 0x80, 0x08, 0])),
    );
  });

  it('rejects overlong and overflowing unsigned varints', () => {
    expect(
      expectDecodeError(() => new Reader(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01])).uvarint())
        .message,
    ).toMatch(/32 bits|5 bytes/);
    expectDecodeError(() => new Reader(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x1f])).uvarint());
    expectDecodeError(() => new Reader(Buffer.from([0x80, 0x80])).uvarint());
  });

  it('rejects null in fields the version does not allow to be null, naming the field', () => {
    // Produce v3, one topic whose name is null.
    const buf = Buffer.from([...produceHead, 0, 0, 0, 1, 0xff, 0xff, 0, 0, 0, 0]);
    expect(expectDecodeError(() => decodeMessage(produceRequest, 3, new Reader(buf))).message).toMatch(
      /field name was serialized as null/,
    );
    // Metadata v0 topics array null (nullable only from v1).
    expect(
      expectDecodeError(() =>
        decodeMessage(metadataRequest, 0, new Reader(Buffer.from([0xff, 0xff, 0xff, 0xff]))),
      ).message,
    ).toMatch(/topics/);
    expect(
      decodeMessage(metadataRequest, 1, new Reader(Buffer.from([0xff, 0xff, 0xff, 0xff]))).topics,
    ).toBeNull();
  });

  it('reports the message, version and offset in decode errors', () => {
    const error = expectDecodeError(() => decodeRequest(0, 3, Buffer.from([0xff, 0xff, 0, 1]), 0));
    expect(error.message).toMatch(
      /^ProduceRequest v3 \(from offset 0\): int32 at offset 4 needs 4 bytes, only 0 remain/,
    );
  });

  it('rejects a start offset outside the buffer', () => {
    expectDecodeError(() => decodeRequest(0, 3, Buffer.alloc(4), 5));
    expectDecodeError(() => decodeRequestHeader(Buffer.alloc(4), 9));
  });
});
