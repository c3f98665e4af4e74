/**
 * The two hot paths keep their zero-copy promises: a Produce request's records are views into
 * the request frame, and a Fetch response's record buffers reach the output chunks by reference
 * (so a 4 MiB response is copied at most once, by encodeResponse's join, or never with writev).
 */
import { describe, expect, it } from 'vitest';
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  encodeResponseChunks,
  unframe,
} from './codec.js';
import { decodeRequestHeader } from './headers.js';

describe('hot paths', () => {
  it('a Fetch response carries 4 MiB of records uncopied in its chunks', () => {
    const records = Buffer.alloc(4 * 1024 * 1024, 0x5a);
    const body = {
      responses: [{ topic: 't', partitions: [{ partitionIndex: 0, highWatermark: 10, records }] }],
    };
    for (const version of [4, 11, 12]) {
      const chunks = encodeResponseChunks(1, version, 1, body);
      expect(chunks.includes(records)).toBe(true); // the very same Buffer object
      const total = chunks.reduce((n, c) => n + c.length, 0);
      expect(total - records.length).toBeLessThan(100);
      expect(chunks[0]!.readInt32BE(0)).toBe(total - 4);
      const frame = encodeResponse(1, version, 1, body);
      expect(frame.length).toBe(total);
      const decoded = decodeResponse(1, version, unframe(frame));
      expect(decoded.body.responses[0]!.partitions[0]!.records!.equals(records)).toBe(true);
    }
  });

  it('Produce request records are views into the request frame', () => {
    const records = [Buffer.alloc(2000, 1), Buffer.alloc(10, 2)];
    for (const version of [3, 8, 9]) {
      const frame = unframe(
        encodeRequest(0, version, 1, 'p', {
          acks: 1,
          topicData: [{ name: 't', partitionData: records.map((r, index) => ({ index, records: r })) }],
        }),
      );
      const body = decodeRequest(0, version, frame, decodeRequestHeader(frame).headerSize);
      for (const [i, partition] of body.topicData[0]!.partitionData.entries()) {
        expect(partition.records!.buffer).toBe(frame.buffer);
        expect(partition.records!.equals(records[i]!)).toBe(true);
      }
    }
  });
});
