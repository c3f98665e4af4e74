import { describe, expect, it } from 'vitest';
import { decodeFetchedBatches } from '../../client/batch-decoding.js';
import type { LogClient, ProducerRecord } from '../../client/log-client.js';
import { partitionForKey } from '../../client/partitioner.js';
import { LogRecordCollector } from './log-record-collector.js';

interface Produced {
  topic: string;
  partition: number;
  key: string | null;
  value: string | null;
  headers: string[];
  timestamp: number;
}

/** A client that records what it is asked to write; with `batches`, it also takes encoded batches. */
function fakeClient(batches: boolean) {
  const calls: Array<{ topic: string; partition?: number; records?: ProducerRecord[]; bytes?: Buffer }> = [];
  const client = {
    produce: async (topic: string, records: ProducerRecord[]) => {
      calls.push({ topic, records });
      return [];
    },
    ...(batches
      ? {
          produceRecordBatch: async (topic: string, partition: number, bytes: Buffer) => {
            calls.push({ topic, partition, bytes: Buffer.from(bytes) });
            return { baseOffset: 0 };
          },
        }
      : {}),
  } as unknown as LogClient;
  /** Every record written, with the partition it landed on (the client's partitioner for the others). */
  const written = (): Produced[] =>
    calls.flatMap((call): Produced[] => {
      if (call.bytes !== undefined) {
        return decodeFetchedBatches(call.topic, call.partition!, call.bytes, 0).records.map((r) => ({
          topic: call.topic,
          partition: call.partition!,
          key: r.key?.toString() ?? null,
          value: r.value?.toString() ?? null,
          headers: r.headers.map((h) => `${h.key}=${h.value?.toString()}`),
          timestamp: r.timestamp,
        }));
      }
      return call.records!.map((r) => ({
        topic: call.topic,
        partition: r.partition ?? (r.key === null ? -1 : partitionForKey(r.key, call.topic === 'three' ? 3 : 1)),
        key: r.key?.toString() ?? null,
        value: r.value?.toString() ?? null,
        headers: (r.headers ?? []).map((h) => `${h.key}=${h.value?.toString()}`),
        timestamp: r.timestamp!,
      }));
    });
  return { client, calls, written };
}

const counts = new Map([
  ['three', 3],
  ['one', 1],
]);

/** Writes a value's JSON text (as the JSON serde's encoder does), honouring the room it is given. */
const jsonEncoder = (value: unknown, buf: Buffer, at: number): number => {
  const bytes = Buffer.from(JSON.stringify(value), 'utf8');
  if (at + bytes.length > buf.length) return -1;
  bytes.copy(buf, at);
  return at + bytes.length;
};

function sendSample(collector: LogRecordCollector): void {
  for (let i = 0; i < 30; i++) {
    const headers = i % 7 === 0 ? [{ key: 'trace', value: Buffer.from(`t${i}`) }] : [];
    if (i % 5 === 2) collector.sendEncoded(i % 3 === 0 ? 'three' : 'one', `key-${i}`, { n: i, s: 'é'.repeat(i * 10) }, jsonEncoder, headers, 1000 + i, i % 3 === 0 && i % 4 === 3 ? 1 : undefined);
    else if (i % 10 === 4) collector.sendEncodedKey('three', `key-${i}`, jsonEncoder, `v${i}`, headers, 1000 + i, i % 3);
    else if (i % 2 === 0) collector.sendPayload(i % 3 === 0 ? 'three' : 'one', `key-${i}`, `{"n":${i},"s":"é"}`, headers, 1000 + i);
    else collector.send('three', Buffer.from(`key-${i}`), i % 5 === 0 ? null : Buffer.from(`v${i}`), headers, 1000 + i, i % 4 === 1 ? 2 : undefined);
  }
}

const byPartition = (records: Produced[]) => [...records].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || a.timestamp - b.timestamp);

describe('LogRecordCollector', () => {
  it('encoding batches per partition writes what LogClient#produce would, on the partitions its partitioner picks', async () => {
    const batched = fakeClient(true);
    const plain = fakeClient(false);
    const a = new LogRecordCollector(batched.client, counts);
    const b = new LogRecordCollector(plain.client, counts);
    sendSample(a);
    sendSample(b);
    expect(a.buffered).toBe(30);
    await Promise.all([a.flush(), b.flush()]);
    expect(a.buffered).toBe(0);
    expect(batched.calls.every((c) => c.bytes !== undefined)).toBe(true);
    expect(byPartition(batched.written())).toEqual(byPartition(plain.written()));
    // One write per partition that got records.
    expect(batched.calls.map((c) => `${c.topic}-${c.partition}`).sort()).toEqual([...new Set(batched.calls.map((c) => `${c.topic}-${c.partition}`))].sort());
    // A second round after the flush (the topics sent to last are remembered across it).
    sendSample(a);
    sendSample(b);
    await Promise.all([a.flush(), b.flush()]);
    expect(plain.written()).toHaveLength(60);
    expect(byPartition(batched.written())).toEqual(byPartition(plain.written()));
  });

  it('keeps per-partition order across sealed batches (more than 512 KiB between flushes) in one write', async () => {
    const { client, calls, written } = fakeClient(true);
    const collector = new LogRecordCollector(client, counts);
    const big = 'x'.repeat(10_000);
    for (let i = 0; i < 120; i++) collector.sendPayload('one', `k${i}`, `${i}:${big}`, [], i);
    await collector.flush();
    expect(calls).toHaveLength(1);
    expect(written().map((r) => Number(r.value!.split(':')[0]))).toEqual(Array.from({ length: 120 }, (_, i) => i));
    // The next flush starts new batches.
    collector.sendPayload('one', 'k', 'after', [], 500);
    await collector.flush();
    expect(written().at(-1)).toMatchObject({ key: 'k', value: 'after', timestamp: 500 });
  });

  it('null keys go to a valid partition; unknown topics and invalid partitions go through LogClient#produce', async () => {
    const { client, calls, written } = fakeClient(true);
    const collector = new LogRecordCollector(client, counts);
    for (let i = 0; i < 5; i++) collector.send('three', null, Buffer.from(`n${i}`), [], i);
    collector.sendEncoded('three', null, { n: 5 }, jsonEncoder, [], 5);
    collector.sendPayload('elsewhere', 'k', 'text', [], 7);
    collector.sendEncoded('elsewhere', 'k', { n: 6 }, jsonEncoder, [], 6);
    collector.send('three', Buffer.from('k'), Buffer.from('bad'), [], 8, 3);
    await collector.flush();
    const nullKeyed = written().filter((r) => r.key === null);
    expect(nullKeyed).toHaveLength(6);
    expect(nullKeyed.find((r) => r.timestamp === 5)?.value).toBe('{"n":5}');
    expect(nullKeyed.every((r) => r.partition >= 0 && r.partition < 3)).toBe(true);
    const viaProduce = calls.filter((c) => c.records !== undefined);
    expect(viaProduce.map((c) => [c.topic, c.records!.map((r) => [r.key?.toString(), r.value?.toString(), r.partition])])).toEqual([
      ['elsewhere', [['k', 'text', undefined], ['k', '{"n":6}', undefined]]],
      ['three', [['k', 'bad', 3]]],
    ]);
  });
});
