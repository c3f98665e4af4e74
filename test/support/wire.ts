/**
 * Raw Kafka wire access for the compatibility suites: send request frames over a plain socket and
 * read the response frames back, to look at what the broker stores (e.g. a batch's compression
 * codec) without going through a client library that would hide it.
 */
import { connect } from 'node:net';
import { FrameReader } from '../../engine/broker/server/frame-reader.js';
import { API_KEYS, decodeResponse, encodeRequest } from '../../engine/broker/protocol/index.js';
import { forEachBatch } from '../../engine/broker/records/batch-validate.js';
import { readBatchHeader, type BatchHeader } from '../../engine/broker/records/batch-header.js';

/** Sends `frames` on one connection and resolves with `expected` response frames (without size prefix). */
export function exchange(port: number, frames: readonly Buffer[], expected = frames.length, timeoutMs = 10_000): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const reader = new FrameReader(1 << 30);
    const responses: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${responses.length} of ${expected} responses within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(responses);
    };
    socket.on('connect', () => socket.end(Buffer.concat(frames)));
    socket.on('data', (chunk) => {
      const result = reader.push(chunk);
      if (!Array.isArray(result)) return finish(new Error(result.reason));
      responses.push(...result);
      if (responses.length >= expected) finish();
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish(responses.length >= expected ? undefined : new Error(`connection closed after ${responses.length} of ${expected} responses`)));
  });
}

/** The stored record batches of one partition from `fetchOffset` on, as the broker serves them (Fetch v4). */
export async function fetchBatchHeaders(port: number, topic: string, partition: number, fetchOffset = 0): Promise<BatchHeader[]> {
  const request = encodeRequest(API_KEYS.Fetch, 4, 1, 'sluice-test', {
    replicaId: -1,
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 64 << 20,
    isolationLevel: 0,
    topics: [{ topic, partitions: [{ partition, fetchOffset, partitionMaxBytes: 64 << 20 }] }],
  });
  const [frame] = await exchange(port, [request]);
  const { body } = decodeResponse(API_KEYS.Fetch, 4, frame!);
  const data = body.responses[0]?.partitions[0];
  if (!data) throw new Error(`no fetch data for ${topic}-${partition}`);
  if (data.errorCode !== 0) throw new Error(`fetch ${topic}-${partition}: error ${data.errorCode}`);
  const headers: BatchHeader[] = [];
  const records = data.records ?? Buffer.alloc(0);
  forEachBatch(records, (pos) => headers.push(readBatchHeader(records, pos)));
  return headers;
}
