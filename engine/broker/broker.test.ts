import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Broker } from './broker.js';
import { ErrorCode, KafkaError } from './errors.js';
import { decodeRecords, encodeBatch } from './records/record-batch.js';
import { ManualClock } from '../util/clock.js';

const batchOf = (...values: string[]) =>
  encodeBatch({ records: values.map((v, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(v), timestamp: 1000 + i })) });

async function expectKafkaError(promise: Promise<unknown> | (() => unknown), code: number, message?: RegExp): Promise<void> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(KafkaError);
    expect((error as KafkaError).errorCode).toBe(code);
    if (message) expect((error as KafkaError).message).toMatch(message);
    return;
  }
  throw new Error(`expected Kafka error ${code}`);
}

const brokers: Broker[] = [];
const dirs: string[] = [];
async function open(options: Parameters<typeof Broker.open>[0] = {}): Promise<Broker> {
  const broker = await Broker.open(options);
  brokers.push(broker);
  return broker;
}
afterEach(async () => {
  for (const broker of brokers.splice(0)) await broker.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('Broker topics', () => {
  it('creates, describes, lists and deletes topics', async () => {
    const broker = await open();
    const created = await broker.createTopic('orders', { partitions: 3, configs: { 'retention.ms': '1000' } });
    expect(created.partitions).toHaveLength(3);
    expect(created.configs.find((c) => c.name === 'retention.ms')).toMatchObject({ value: '1000', source: 'topic' });
    expect(broker.listTopics().map((t) => t.name)).toEqual(['orders']);
    expect(broker.listTopics({ includeInternal: true }).map((t) => t.name)).toContain('__consumer_offsets');
    await broker.deleteTopic('orders');
    expect(broker.hasTopic('orders')).toBe(false);
  });

  it('refuses bad names, duplicates, bad partition counts and bad configs with clear errors', async () => {
    const broker = await open();
    await expectKafkaError(broker.createTopic('bad name'), ErrorCode.INVALID_TOPIC_EXCEPTION, /may contain only/);
    await broker.createTopic('a');
    await expectKafkaError(broker.createTopic('a'), ErrorCode.TOPIC_ALREADY_EXISTS, /"a" already exists/);
    await expectKafkaError(broker.createTopic('b', { partitions: 0 }), ErrorCode.INVALID_PARTITIONS);
    await expectKafkaError(broker.createTopic('c', { configs: { 'retention.ms': 'soon' } }), ErrorCode.INVALID_CONFIG, /retention\.ms/);
    await expectKafkaError(broker.createTopic('d', { configs: { 'retention.msec': '1' } }), ErrorCode.INVALID_CONFIG, /unknown topic config retention\.msec/);
    expect(broker.hasTopic('c')).toBe(false);
  });

  it('alters configs and reports where each value comes from', async () => {
    const broker = await open({ config: { 'log.retention.ms': '5000' } });
    await broker.createTopic('t');
    expect(broker.describeConfigs('t').find((c) => c.name === 'retention.ms')).toMatchObject({ value: '5000', source: 'broker' });
    await broker.alterConfigs('t', { 'retention.ms': '60000', 'cleanup.policy': 'compact,delete' });
    expect(broker.describeConfigs('t').find((c) => c.name === 'cleanup.policy')).toMatchObject({ value: 'compact,delete', source: 'topic' });
    await broker.alterConfigs('t', { 'retention.ms': null });
    expect(broker.describeConfigs('t').find((c) => c.name === 'retention.ms')).toMatchObject({ source: 'broker' });
  });

  it('auto-creates topics only when allowed', async () => {
    const broker = await open({ config: { 'num.partitions': '4' } });
    expect((await broker.ensureTopic('auto')).partitions).toHaveLength(4);
    const strict = await open({ config: { 'auto.create.topics.enable': 'false' } });
    await expectKafkaError(strict.ensureTopic('auto'), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, /auto\.create\.topics\.enable/);
  });

  it('keeps topics and data across a restart on a data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-broker-'));
    dirs.push(dataDir);
    const first = await Broker.open({ dataDir });
    await first.createTopic('kept', { partitions: 2, configs: { 'cleanup.policy': 'compact' } });
    await first.produce('kept', 1, batchOf('a', 'b'));
    await first.close();
    const second = await open({ dataDir });
    const topic = second.describeTopic('kept');
    expect(topic.partitions.map((p) => p.highWatermark)).toEqual([0, 2]);
    expect(second.describeConfigs('kept').find((c) => c.name === 'cleanup.policy')?.value).toBe('compact');
  });
});

describe('Broker produce', () => {
  it('assigns consecutive offsets and answers acks 0, 1 and all', async () => {
    const broker = await open();
    await broker.createTopic('t');
    expect((await broker.produce('t', 0, batchOf('a', 'b'), { acks: 1 })).baseOffset).toBe(0);
    expect((await broker.produce('t', 0, batchOf('c'), { acks: -1 })).baseOffset).toBe(2);
    expect((await broker.produce('t', 0, batchOf('d'), { acks: 0 })).baseOffset).toBe(3);
    expect(broker.listOffsets('t', 0, -1).offset).toBe(4);
  });

  it('enforces max.message.bytes with a message naming the limit', async () => {
    const broker = await open();
    await broker.createTopic('small', { configs: { 'max.message.bytes': '100' } });
    await expectKafkaError(broker.produce('small', 0, batchOf('x'.repeat(200))), ErrorCode.MESSAGE_TOO_LARGE, /max\.message\.bytes=100/);
    expect(broker.listOffsets('small', 0, -1).offset).toBe(0);
  });

  it('rejects corrupt batches, unknown partitions, bad acks and keyless records on compacted topics', async () => {
    const broker = await open();
    await broker.createTopic('t');
    const corrupt = batchOf('a');
    corrupt[corrupt.length - 1]! ^= 0xff;
    await expectKafkaError(broker.produce('t', 0, corrupt), ErrorCode.CORRUPT_MESSAGE, /CRC/);
    await expectKafkaError(broker.produce('t', 5, batchOf('a')), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, /no partition 5/);
    await expectKafkaError(broker.produce('t', 0, batchOf('a'), { acks: 2 as never }), ErrorCode.INVALID_REQUIRED_ACKS);
    await broker.createTopic('c', { configs: { 'cleanup.policy': 'compact' } });
    const keyless = encodeBatch({ records: [{ key: null, value: Buffer.from('v'), timestamp: 1 }] });
    await expectKafkaError(broker.produce('c', 0, keyless), ErrorCode.INVALID_RECORD, /no key/);
  });

  it('stamps LogAppendTime when the topic asks for it', async () => {
    const clock = new ManualClock(5_000_000);
    const broker = await open({ clock });
    await broker.createTopic('t', { configs: { 'message.timestamp.type': 'LogAppendTime' } });
    const result = await broker.produce('t', 0, batchOf('a'));
    expect(result.logAppendTimeMs).toBe(5_000_000);
    const [fetched] = await broker.fetch([{ topic: 't', partition: 0, fetchOffset: 0, maxBytes: 1 << 20 }], { maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20 });
    expect(decodeRecords(fetched!.records)[0]!.timestamp).toBe(5_000_000);
  });
});

describe('Broker fetch and list offsets', () => {
  it('reads from an offset and reports watermarks', async () => {
    const broker = await open();
    await broker.createTopic('t');
    await broker.produce('t', 0, batchOf('a', 'b'));
    await broker.produce('t', 0, batchOf('c'));
    const [result] = await broker.fetch([{ topic: 't', partition: 0, fetchOffset: 2, maxBytes: 1 << 20 }], { maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20 });
    expect(result).toMatchObject({ errorCode: 0, highWatermark: 3, logStartOffset: 0 });
    expect(decodeRecords(result!.records).map((r) => r.value!.toString())).toEqual(['c']);
  });

  it('answers OFFSET_OUT_OF_RANGE per partition without failing the others', async () => {
    const broker = await open();
    await broker.createTopic('t', { partitions: 2 });
    await broker.produce('t', 1, batchOf('a'));
    const results = await broker.fetch(
      [
        { topic: 't', partition: 0, fetchOffset: 7, maxBytes: 1000 },
        { topic: 't', partition: 1, fetchOffset: 0, maxBytes: 1000 },
        { topic: 'missing', partition: 0, fetchOffset: 0, maxBytes: 1000 },
      ],
      { maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20 },
    );
    expect(results.map((r) => r.errorCode)).toEqual([ErrorCode.OFFSET_OUT_OF_RANGE, 0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    expect(results[1]!.records.length).toBeGreaterThan(0);
  });

  it('long-polls until a producer appends, and times out empty on the clock', async () => {
    const clock = new ManualClock(0);
    const broker = await open({ clock });
    await broker.createTopic('t');
    const parked = broker.fetch([{ topic: 't', partition: 0, fetchOffset: 0, maxBytes: 1 << 20 }], { maxWaitMs: 5000, minBytes: 1, maxBytes: 1 << 20 });
    let settled = false;
    void parked.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await broker.produce('t', 0, batchOf('wake'));
    const [woken] = await parked;
    expect(decodeRecords(woken!.records)[0]!.value!.toString()).toBe('wake');

    const empty = broker.fetch([{ topic: 't', partition: 0, fetchOffset: 1, maxBytes: 1 << 20 }], { maxWaitMs: 5000, minBytes: 1, maxBytes: 1 << 20 });
    clock.advance(5000);
    expect((await empty)[0]!.records.length).toBe(0);
  });

  it('returns at least one whole batch even above maxBytes', async () => {
    const broker = await open();
    await broker.createTopic('t');
    await broker.produce('t', 0, batchOf('x'.repeat(500)));
    const [result] = await broker.fetch([{ topic: 't', partition: 0, fetchOffset: 0, maxBytes: 10 }], { maxWaitMs: 0, minBytes: 1, maxBytes: 10 });
    expect(decodeRecords(result!.records)).toHaveLength(1);
  });

  it('lists earliest, latest, by timestamp and max timestamp', async () => {
    const broker = await open();
    await broker.createTopic('t');
    const batch = encodeBatch({ records: [10, 30, 20].map((ts) => ({ key: null, value: Buffer.from(String(ts)), timestamp: ts })) });
    await broker.produce('t', 0, batch);
    expect(broker.listOffsets('t', 0, -2)).toEqual({ offset: 0, timestamp: -1 });
    expect(broker.listOffsets('t', 0, -1)).toEqual({ offset: 3, timestamp: -1 });
    expect(broker.listOffsets('t', 0, 15)).toEqual({ offset: 1, timestamp: 30 });
    expect(broker.listOffsets('t', 0, 31)).toEqual({ offset: -1, timestamp: -1 });
    expect(broker.listOffsets('t', 0, -3)).toEqual({ offset: 1, timestamp: 30 });
  });
});

describe('Broker delete records', () => {
  it('makes records below an offset unreadable, moves earliest there and deletes the segments wholly below it', async () => {
    const broker = await open();
    await broker.createTopic('t', { configs: { 'segment.bytes': '100' } });
    for (let i = 0; i < 6; i++) await broker.produce('t', 0, batchOf(`value-${i}-${'x'.repeat(40)}`));
    const partition = () => broker.describeTopic('t').partitions[0]!;
    const segmentsBefore = partition().segmentCount;
    expect(segmentsBefore).toBeGreaterThan(3);

    expect(broker.deleteRecords('t', 0, 4)).toBe(4);
    expect(broker.listOffsets('t', 0, -2)).toEqual({ offset: 4, timestamp: -1 });
    expect(partition()).toMatchObject({ logStartOffset: 4, highWatermark: 6 });
    expect(partition().segmentCount).toBeLessThan(segmentsBefore);
    const [below] = await broker.fetch([{ topic: 't', partition: 0, fetchOffset: 3, maxBytes: 1 << 20 }], { maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20 });
    expect(below).toMatchObject({ errorCode: ErrorCode.OFFSET_OUT_OF_RANGE });
    const [from] = await broker.fetch([{ topic: 't', partition: 0, fetchOffset: 4, maxBytes: 1 << 20 }], { maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20 });
    expect(from).toMatchObject({ errorCode: 0, logStartOffset: 4 });
    expect(decodeRecords(from!.records)[0]!.value!.toString()).toMatch(/^value-4-/);

    expect(broker.deleteRecords('t', 0, 2)).toBe(4); // never moves back
    expect(broker.deleteRecords('t', 0, -1)).toBe(6); // -1: up to the high watermark
    await expectKafkaError(() => broker.deleteRecords('t', 0, 7), ErrorCode.OFFSET_OUT_OF_RANGE, /cannot delete records before offset 7: t-0 holds \[6, 6\)/);
    await expectKafkaError(() => broker.deleteRecords('t', 0, -5), ErrorCode.OFFSET_OUT_OF_RANGE);
    // A lookup by timestamp never answers an offset below the log start.
    expect(broker.listOffsets('t', 0, 0)).toMatchObject({ offset: -1 });
  });

  it('refuses to delete records of a compacted-only topic (Kafka: POLICY_VIOLATION), and finds timestamps from the log start on', async () => {
    const broker = await open();
    await broker.createTopic('c', { configs: { 'cleanup.policy': 'compact' } });
    await broker.produce('c', 0, batchOf('a'));
    await expectKafkaError(() => broker.deleteRecords('c', 0, 1), ErrorCode.POLICY_VIOLATION, /cleanup.policy is compact only/);
    await broker.createTopic('t');
    await broker.produce('t', 0, batchOf('a', 'b', 'c')); // timestamps 1000, 1001, 1002
    broker.deleteRecords('t', 0, 2);
    expect(broker.listOffsets('t', 0, 1000)).toEqual({ offset: 2, timestamp: 1002 });
  });
});

describe('Broker consumer groups', () => {
  it('keeps committed offsets in __consumer_offsets across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-groups-'));
    dirs.push(dataDir);
    const first = await Broker.open({ dataDir });
    const commit = await first.groups.commitOffsets({
      groupId: 'g',
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      offsets: [{ topic: 'orders', partition: 2, offset: 42, leaderEpoch: -1, metadata: 'm' }],
    });
    expect(commit.offsets.map((o) => o.errorCode)).toEqual([0]);
    expect(first.describeTopic('__consumer_offsets').partitions[0]!.highWatermark).toBe(1);
    await first.close();
    const second = await open({ dataDir });
    const fetched = await second.groups.fetchOffsets({ groupId: 'g', partitions: [{ topic: 'orders', partition: 2 }] });
    expect(fetched.offsets[0]).toMatchObject({ offset: 42, metadata: 'm', errorCode: 0 });
  });
});
