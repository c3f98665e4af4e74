/**
 * Shared pieces of the stream-runtime suites: a windowed-count + stream-stream-join topology,
 * deterministic input, and helpers that read whole topics and wait for output through a LogClient.
 */
import type { ConsumedRecord, LogClient } from '../../engine/client/log-client.js';
import { JoinWindows, Serdes, StreamsBuilder, TimeWindows, keyValue, type Topology } from '../../engine/streams/index.js';

const S = Serdes.String();

export function windowAndJoinTopology(): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('clicks', { keySerde: S, valueSerde: S })
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(10_000))
    .count()
    .toStream()
    .map((windowedKey, count) => keyValue(`${windowedKey.key}@${windowedKey.window.start}`, String(count)))
    .to('click-counts', { keySerde: S, valueSerde: S });
  const orders = builder.stream<string, string>('orders', { keySerde: S, valueSerde: S });
  const payments = builder.stream<string, string>('payments', { keySerde: S, valueSerde: S });
  orders
    .join(payments, (order, payment) => `${order}+${payment}`, JoinWindows.ofTimeDifferenceWithNoGrace(5_000))
    .to('paid', { keySerde: S, valueSerde: S });
  return builder.build();
}

export function countTopology(): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('events', { keySerde: S, valueSerde: S })
    .groupByKey()
    .count()
    .toStream()
    .mapValues((count) => String(count))
    .to('totals', { keySerde: S, valueSerde: S });
  return builder.build();
}

export interface Input {
  topic: string;
  key: string;
  value: string;
  timestamp: number;
}

export function windowAndJoinInput(): Input[] {
  const input: Input[] = [];
  for (let i = 0; i < 60; i++) input.push({ topic: 'clicks', key: `user-${i % 5}`, value: `page-${i}`, timestamp: 1_000_000 + i * 500 });
  for (let i = 0; i < 20; i++) {
    input.push({ topic: 'orders', key: `order-${i}`, value: `o${i}`, timestamp: 2_000_000 + i * 1000 });
    // Every third payment arrives too late for the 5 s join window.
    input.push({ topic: 'payments', key: `order-${i}`, value: `p${i}`, timestamp: 2_000_000 + i * 1000 + (i % 3 === 0 ? 9_000 : 2_000) });
  }
  return input;
}

export async function produceInput(client: LogClient, input: readonly Input[]): Promise<void> {
  for (const record of input) {
    await client.produce(record.topic, [{ key: Buffer.from(record.key), value: Buffer.from(record.value), timestamp: record.timestamp }]);
  }
}

/** Every record of every partition of `topic`, partition by partition in offset order. */
export async function readTopic(client: LogClient, topic: string): Promise<ConsumedRecord[]> {
  const [info] = await client.describeTopics([topic]);
  const records: ConsumedRecord[] = [];
  for (let partition = 0; partition < (info?.partitions ?? 0); partition++) {
    const end = await client.listOffsets({ topic, partition }, 'latest');
    let offset = 0;
    while (offset < end) {
      const [fetched] = await client.fetch([{ topic, partition, offset }], { maxWaitMs: 0 });
      const batch = fetched?.records ?? [];
      if (batch.length === 0) break;
      records.push(...batch);
      offset = batch[batch.length - 1]!.offset + 1;
    }
  }
  return records;
}

export const text = (records: readonly ConsumedRecord[]) =>
  records.map((r) => `${r.partition}:${r.key?.toString() ?? 'null'}=${r.value?.toString() ?? 'null'}@${r.timestamp}`);

/** Polls `topic` until it holds at least `count` records (bounded: fails after `timeoutMs`). */
export async function waitForRecords(client: LogClient, topic: string, count: number, timeoutMs = 30_000): Promise<ConsumedRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await readTopic(client, topic);
    if (records.length >= count) return records;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} records on ${topic}; have ${records.length}`);
    // Wait for the next append to any partition instead of spinning.
    const [info] = await client.describeTopics([topic]);
    await client.fetch(
      Array.from({ length: info?.partitions ?? 1 }, (_, partition) => ({ topic, partition, offset: records.filter((r) => r.partition === partition).length })),
      { maxWaitMs: 200 },
    );
  }
}

/** The last value per key. */
export function latestByKey(records: readonly ConsumedRecord[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const r of records) latest.set(r.key!.toString(), r.value!.toString());
  return latest;
}
