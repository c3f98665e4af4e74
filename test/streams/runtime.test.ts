/**
 * The stream runtime on real logs: the same windowed-aggregation and join topology on
 * InProcessClient (embedded broker) and on KafkaClient (over the wire to `sluice broker`) gives
 * identical output, equal to the TopologyTestDriver's; a stopped runtime resumes from restored
 * state without resetting or double counting; two instances share the work and one finishes alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Broker } from '../../engine/broker/broker.js';
import { localBrokerAccess, type BrokerAccess } from '../../engine/client/broker-access.js';
import { InProcessClient } from '../../engine/client/in-process-client.js';
import { KafkaClient } from '../../engine/client/kafka-client.js';
import type { LogClient } from '../../engine/client/log-client.js';
import { Serdes, SessionWindows, StreamsBuilder, TimeWindows, TopologyTestDriver, keyValue, type Serde, type TimestampExtractor } from '../../engine/streams/index.js';
import { StreamsRuntime } from '../../engine/streams/runtime/streams-runtime.js';
import { startBrokerProcess } from '../support/broker-process.js';
import {
  countTopology,
  latestByKey,
  produceInput,
  readTopic,
  text,
  waitForRecords,
  windowAndJoinInput,
  windowAndJoinTopology,
} from './runtime-support.js';
import { failOnBoom } from './thread-topologies.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function memoryBroker(): Promise<Broker> {
  const broker = await Broker.open({ config: { 'group.initial.rebalance.delay.ms': '0', 'group.min.session.timeout.ms': '500' } });
  cleanups.push(() => broker.close());
  return broker;
}

function inProcess(broker: Broker, access?: BrokerAccess): InProcessClient {
  const client = new InProcessClient(access ?? broker);
  cleanups.push(() => client.close());
  return client;
}

function runtime(topology: ReturnType<typeof countTopology>, client: LogClient, applicationId: string): StreamsRuntime {
  const streams = new StreamsRuntime(topology, { applicationId, client, commitIntervalMs: 50, pollMs: 50, sessionTimeoutMs: 3000 });
  cleanups.push(() => streams.stop());
  return streams;
}

/** What the TopologyTestDriver outputs for the same input: the semantic reference. */
function expectedByDriver(): { counts: string[]; paid: string[] } {
  const driver = new TopologyTestDriver(windowAndJoinTopology());
  const S = Serdes.String();
  const topics = new Map(['clicks', 'orders', 'payments'].map((t) => [t, driver.createInputTopic(t, S, S)]));
  for (const r of windowAndJoinInput()) topics.get(r.topic)!.pipeInput(r.key, r.value, r.timestamp);
  const read = (topic: string) => driver.createOutputTopic(topic, S, S).readRecordsToList().map((r) => `${r.key}=${r.value}@${r.timestamp}`);
  const result = { counts: read('click-counts'), paid: read('paid') };
  driver.close();
  return result;
}

const withoutPartition = (lines: string[]) => lines.map((l) => l.replace(/^\d+:/, '')).sort();

async function runWindowAndJoin(client: LogClient, expected: { counts: string[]; paid: string[] }) {
  for (const topic of ['clicks', 'orders', 'payments']) await client.createTopics([{ name: topic, partitions: 2 }]);
  await client.createTopics([{ name: 'click-counts', partitions: 2 }, { name: 'paid', partitions: 2 }]);
  await produceInput(client, windowAndJoinInput());
  const streams = runtime(windowAndJoinTopology(), client, 'window-join');
  await streams.start();
  const counts = text(await waitForRecords(client, 'click-counts', expected.counts.length));
  const paid = text(await waitForRecords(client, 'paid', expected.paid.length));
  await streams.stop();
  return { counts, paid };
}

describe('StreamsRuntime', () => {
  it('gives identical output on InProcessClient and on KafkaClient over the wire, equal to the test driver', async () => {
    const expected = expectedByDriver();
    expect(expected.counts).toHaveLength(60);
    expect(expected.paid.length).toBeGreaterThan(0);

    const local = await runWindowAndJoin(inProcess(await memoryBroker()), expected);
    const process = await startBrokerProcess({ config: { 'group.min.session.timeout.ms': '500' } });
    cleanups.push(() => process.stop());
    const network = new KafkaClient({ brokers: [process.bootstrap] });
    cleanups.push(() => network.close());
    const remote = await runWindowAndJoin(network, expected);

    expect(withoutPartition(local.counts)).toEqual([...expected.counts].sort());
    expect(withoutPartition(local.paid)).toEqual([...expected.paid].sort());
    expect(remote.counts).toEqual(local.counts);
    expect(remote.paid).toEqual(local.paid);
  }, 90_000);

  it('restores state after a stop: aggregates continue, committed input is not counted twice', async () => {
    const broker = await memoryBroker();
    const client = inProcess(broker);
    await client.createTopics([{ name: 'events', partitions: 2 }, { name: 'totals', partitions: 2 }]);
    const batch = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => ({ topic: 'events', key: `k${(from + i) % 4}`, value: 'x', timestamp: 1000 + from + i }));
    await produceInput(client, batch(0, 40));
    const first = runtime(countTopology(), client, 'counter');
    await first.start();
    await waitForRecords(client, 'totals', 40);
    await first.stop();

    await produceInput(client, batch(40, 100));
    const second = runtime(countTopology(), client, 'counter');
    await second.start();
    const totals = await waitForRecords(client, 'totals', 100);
    await second.stop();
    expect(totals).toHaveLength(100);
    expect(Object.fromEntries(latestByKey(totals))).toEqual({ k0: '25', k1: '25', k2: '25', k3: '25' });
  }, 60_000);

  it('shares partitions between two instances; when one stops the other finishes with correct totals', async () => {
    const broker = await memoryBroker();
    const client = inProcess(broker);
    await client.createTopics([{ name: 'events', partitions: 4 }, { name: 'totals', partitions: 4 }]);
    const a = runtime(countTopology(), inProcess(broker), 'shared');
    const b = runtime(countTopology(), inProcess(broker), 'shared');
    await a.start();
    await b.start();
    const record = (i: number) => ({ topic: 'events', key: `k${i % 8}`, value: 'x', timestamp: 1000 + i });
    await produceInput(client, Array.from({ length: 80 }, (_, i) => record(i)));
    await waitForRecords(client, 'totals', 80);
    expect(a.metrics().tasks.length).toBeGreaterThan(0);
    expect(b.metrics().tasks.length).toBeGreaterThan(0);

    await a.stop();
    await produceInput(client, Array.from({ length: 80 }, (_, i) => record(80 + i)));
    const totals = await waitForRecords(client, 'totals', 160);
    expect(b.metrics().tasks).toHaveLength(4);
    expect(Object.fromEntries(latestByKey(totals))).toEqual(Object.fromEntries(Array.from({ length: 8 }, (_, k) => [`k${k}`, '20'])));
    expect((await readTopic(client, 'totals')).length).toBe(160);
  }, 60_000);

  it('shares partitions over the wire (KafkaClient against sluice broker); when one stops the other finishes', async () => {
    const process = await startBrokerProcess({ config: { 'group.min.session.timeout.ms': '500' } });
    cleanups.push(() => process.stop());
    const client = (): KafkaClient => {
      const c = new KafkaClient({ brokers: [process.bootstrap] });
      cleanups.push(() => c.close());
      return c;
    };
    const admin = client();
    await admin.createTopics([{ name: 'events', partitions: 4 }, { name: 'totals', partitions: 4 }]);
    const a = runtime(countTopology(), client(), 'shared-wire');
    const b = runtime(countTopology(), client(), 'shared-wire');
    await a.start();
    await b.start();
    const record = (i: number) => ({ topic: 'events', key: `k${i % 8}`, value: 'x', timestamp: 1000 + i });
    await produceInput(admin, Array.from({ length: 40 }, (_, i) => record(i)));
    await waitForRecords(admin, 'totals', 40);
    expect(a.metrics().tasks.length + b.metrics().tasks.length).toBe(4);
    expect(a.metrics().tasks.length).toBeGreaterThan(0);
    await a.stop();
    await produceInput(admin, Array.from({ length: 40 }, (_, i) => record(40 + i)));
    const totals = await waitForRecords(admin, 'totals', 80);
    expect(Object.fromEntries(latestByKey(totals))).toEqual(Object.fromEntries(Array.from({ length: 8 }, (_, k) => [`k${k}`, '10'])));
    expect(totals).toHaveLength(80);
  }, 90_000);
});

describe('StreamsRuntime sinks', () => {
  it('writes JSON keys and values exactly, also when one JSON serde serializes both', async () => {
    const client = inProcess(await memoryBroker());
    await client.createTopics([{ name: 'json-in', partitions: 1 }, { name: 'json-out', partitions: 1 }]);
    const J = Serdes.JSON<Record<string, unknown>>();
    const builder = new StreamsBuilder();
    builder
      .stream<string, Record<string, unknown>>('json-in', { keySerde: Serdes.String(), valueSerde: J })
      .map((k, v) => keyValue<Record<string, unknown>, Record<string, unknown>>({ id: k, n: v.n }, { ...v, seen: true }))
      .to('json-out', { keySerde: J, valueSerde: J });
    const values = [{ n: 1, s: 'a' }, { n: 22, s: 'naïve "quoted"' }, { n: -3.5, s: 'x'.repeat(100) }, { n: 4, s: 'b', nested: { deep: [1] } }];
    await client.produce('json-in', values.map((v, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(JSON.stringify(v)) })));
    await runtime(builder.build(), client, 'json-sinks').start();
    const out = await waitForRecords(client, 'json-out', values.length);
    expect(out.map((r) => [r.key!.toString(), r.value!.toString()])).toEqual(values.map((v, i) => [JSON.stringify({ id: `k${i}`, n: v.n }), JSON.stringify({ ...v, seen: true })]));
  });
});

describe('StreamsRuntime custom serdes', () => {
  it('writes with the serialize of a serde spread from a built-in one, not with the built-in text it carries', async () => {
    const client = inProcess(await memoryBroker());
    await client.createTopics([{ name: 'words', partitions: 1 }, { name: 'shouted', partitions: 1 }]);
    const upper: Serde<string> = { ...Serdes.String(), serialize: (_t, v) => Buffer.from(v.toUpperCase()) };
    const tagged: Serde<{ word: string }> = { ...Serdes.JSON<{ word: string }>(), serialize: (_t, v) => Buffer.from(`word=${v.word}`) };
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('words', { keySerde: Serdes.String(), valueSerde: Serdes.String() })
      .mapValues((word) => ({ word }))
      .to('shouted', { keySerde: upper, valueSerde: tagged });
    await client.produce('words', ['hello', 'naïve'].map((w, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(w) })));
    await runtime(builder.build(), client, 'custom-serdes').start();
    const out = await waitForRecords(client, 'shouted', 2);
    expect(out.map((r) => [r.key!.toString(), r.value!.toString()])).toEqual([
      ['K0', 'word=hello'],
      ['K1', 'word=naïve'],
    ]);
  });
});

describe('StreamsRuntime emit on window close across a restart', () => {
  it('does not emit again the final results emitted before a restart (the last emit time is committed with the offsets)', async () => {
    const client = inProcess(await memoryBroker());
    await client.createTopics([{ name: 'clicks', partitions: 1 }, { name: 'sessions', partitions: 1 }]);
    const S = Serdes.String();
    const topology = () => {
      const builder = new StreamsBuilder();
      builder
        .stream<string, string>('clicks', { keySerde: S, valueSerde: S })
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(10))
        .emitStrategy('onWindowClose')
        .count()
        .toStream()
        .map((w, n) => keyValue(`${w.key}@${w.window.start}/${w.window.end}`, String(n)))
        .to('sessions', { keySerde: S, valueSerde: S });
      return builder.build();
    };
    const click = (key: string, timestamp: number) => client.produce('clicks', [{ key: Buffer.from(key), value: Buffer.from('x'), timestamp }]);
    const caughtUp = async (streams: StreamsRuntime) => {
      while (!(await streams.lag()).every((p) => p.lag === 0) || (await streams.lag()).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    };

    const first = runtime(topology(), client, 'sessions-app');
    await first.start();
    await click('a', 0);
    await click('b', 27); // closes a's session [0, 0]
    expect(text(await waitForRecords(client, 'sessions', 1))).toEqual(['0:a@0/0=1@0']);
    await first.stop();

    const second = runtime(topology(), client, 'sessions-app');
    await second.start();
    await click('c', 28); // stream time moves on: nothing new closes
    await caughtUp(second);
    await second.stop();
    expect(text(await readTopic(client, 'sessions'))).toEqual(['0:a@0/0=1@0']);
  });
});

describe('StreamsRuntime partition time across a restart', () => {
  it('resumes with the partition time it committed: the timestamp extractor sees it after a restart', async () => {
    const client = inProcess(await memoryBroker());
    await client.createTopics([{ name: 'readings', partitions: 1 }, { name: 'stamped', partitions: 1 }]);
    const S = Serdes.String();
    // UsePartitionTimeOnInvalidTimestamp: a reading without a time of its own takes its partition's.
    const extractor: TimestampExtractor<string, string> = (record, partitionTimeMs) => (record.value === 'no-time' ? partitionTimeMs : record.timestamp);
    const topology = () => {
      const builder = new StreamsBuilder();
      builder.stream<string, string>('readings', { keySerde: S, valueSerde: S, timestampExtractor: extractor }).to('stamped', { keySerde: S, valueSerde: S });
      return builder.build();
    };
    const reading = (value: string, timestamp: number) => client.produce('readings', [{ key: Buffer.from('k'), value: Buffer.from(value), timestamp }]);

    const first = runtime(topology(), client, 'readings-app');
    await first.start();
    await reading('timed', 100);
    await waitForRecords(client, 'stamped', 1);
    await first.stop();

    const second = runtime(topology(), client, 'readings-app');
    await second.start();
    await reading('no-time', 5);
    const out = text(await waitForRecords(client, 'stamped', 2));
    await second.stop();
    // Without the committed partition time the extractor would get -1, and the record would be skipped.
    expect(out).toEqual(['0:k=timed@100', '0:k=no-time@100']);
  });
});

describe('StreamsRuntime output batching', () => {
  it('sends a busy loop\'s output in a few larger writes, and a caught-up loop\'s at once', async () => {
    const broker = await memoryBroker();
    const access = localBrokerAccess(broker);
    const writes: number[] = [];
    const client = inProcess(broker, { ...access, groups: access.groups, produce: (topic, partition, batches, options) => (topic === 'busy-out' && writes.push(1), access.produce(topic, partition, batches, options)) });
    await client.createTopics([{ name: 'busy-in', partitions: 1 }, { name: 'busy-out', partitions: 1 }]);
    for (let start = 0; start < 20_000; start += 5_000) {
      await client.produce('busy-in', Array.from({ length: 5_000 }, (_, i) => ({ key: Buffer.from(`k${start + i}`), value: Buffer.from(String(start + i)) })));
    }
    const builder = new StreamsBuilder();
    builder.stream<string, string>('busy-in', { keySerde: Serdes.String(), valueSerde: Serdes.String() }).to('busy-out', { keySerde: Serdes.String(), valueSerde: Serdes.String() });
    await runtime(builder.build(), client, 'busy').start();
    const out = await waitForRecords(client, 'busy-out', 20_000);
    expect(out.map((r) => r.value!.toString())).toEqual(Array.from({ length: 20_000 }, (_, i) => String(i)));
    // Twenty full polls of 1000: without batching across polls that is at least twenty writes.
    expect(writes.length).toBeLessThan(10);
    // Caught up, one more record goes out with the poll that read it (not after a linger).
    const sent = writes.length;
    await client.produce('busy-in', [{ key: Buffer.from('late'), value: Buffer.from('late') }]);
    await waitForRecords(client, 'busy-out', 20_001);
    expect(writes.length).toBe(sent + 1);
  });
});

describe('StreamsRuntime output while a write is unacknowledged', () => {
  it('keeps a busy loop processing, holding its output, and then writes all of it in order', async () => {
    const broker = await memoryBroker();
    const access = localBrokerAccess(broker);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held = (topic: string) => topic === 'held-out';
    const client = inProcess(broker, {
      ...access,
      groups: access.groups,
      produce: (topic, partition, batches, options) => (held(topic) ? gate.then(() => access.produce(topic, partition, batches, options)) : access.produce(topic, partition, batches, options)),
    });
    await client.createTopics([{ name: 'held-in', partitions: 1 }, { name: 'held-out', partitions: 1 }]);
    for (let start = 0; start < 12_000; start += 4_000) {
      await client.produce('held-in', Array.from({ length: 4_000 }, (_, i) => ({ key: Buffer.from(`k${start + i}`), value: Buffer.from(String(start + i)) })));
    }
    const builder = new StreamsBuilder();
    builder.stream<string, string>('held-in', { keySerde: Serdes.String(), valueSerde: Serdes.String() }).to('held-out', { keySerde: Serdes.String(), valueSerde: Serdes.String() });
    const streams = new StreamsRuntime(builder.build(), { applicationId: 'held', client, commitIntervalMs: 60_000, pollMs: 50 });
    cleanups.push(() => (open(), streams.stop()));
    await streams.start();
    // The first write stays unacknowledged: a loop that waited for it would stop at its second write.
    const processed = () => streams.metrics().tasks.reduce((sum, task) => sum + task.recordsProcessed, 0);
    for (let i = 0; i < 500 && processed() < 12_000; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(processed()).toBe(12_000);
    open();
    const out = await waitForRecords(client, 'held-out', 12_000);
    expect(out.map((r) => r.value!.toString())).toEqual(Array.from({ length: 12_000 }, (_, i) => String(i)));
  });
});

describe('StreamsRuntime after a failure', () => {
  async function failedRun(input: string[], sinkConfigs: Record<string, string> = {}) {
    const client = inProcess(await memoryBroker());
    await client.createTopics([{ name: 'events', partitions: 1 }, { name: 'copies', partitions: 1, configs: sinkConfigs }]);
    await produceInput(client, input.map((value, i) => ({ topic: 'events', key: 'k', value, timestamp: 1000 + i })));
    const streams = new StreamsRuntime(failOnBoom(), { applicationId: 'fails', client, errorPolicy: 'fail', commitIntervalMs: 60_000, pollMs: 20, maxPollRecords: 1 });
    cleanups.push(() => streams.stop());
    await streams.start();
    const failure = await streams.done().catch((error: unknown) => error);
    const [committed] = await client.committedOffsets('fails', [{ topic: 'events', partition: 0 }]);
    return { failure, committed: committed!.offset, copies: await readTopic(client, 'copies') };
  }

  it('commits nothing past a record whose processing failed (policy fail): a restart reprocesses it', async () => {
    const { failure, committed } = await failedRun(['a', 'boom', 'c']);
    expect(failure).toMatchObject({ code: 'STREAMS_PROCESSING_FAILED', offset: 1 });
    expect(committed).toBeLessThanOrEqual(1);
  });

  it('goes to ERROR and then NOT_RUNNING when it cannot start (a missing source topic), as a Kafka Streams client does', async () => {
    const client = inProcess(await memoryBroker());
    const streams = new StreamsRuntime(countTopology(), { applicationId: 'no-source', client, pollMs: 20 });
    cleanups.push(() => streams.stop());
    const states: string[] = [];
    streams.onStateChange((state) => states.push(state));
    await expect(streams.start()).rejects.toThrow(/events/);
    expect(states).toEqual(['REBALANCING', 'ERROR', 'PENDING_SHUTDOWN', 'NOT_RUNNING']);
    await expect(streams.done()).rejects.toThrow(/events/);
    await streams.stop(); // nothing left to stop
    expect(streams.state).toBe('NOT_RUNNING');
  });

  it('fails on a write the broker refuses and commits nothing past the output it lost', async () => {
    const { failure, committed, copies } = await failedRun(['small', 'x'.repeat(2000), 'after'], { 'max.message.bytes': '600' });
    expect(failure).toMatchObject({ errorCode: 10 }); // MESSAGE_TOO_LARGE
    expect(copies.map((r) => r.value!.toString())).not.toContain('after');
    expect(committed).toBeLessThanOrEqual(1);
  });
});

describe('StreamsRuntime internal topics', () => {
  const S = Serdes.String();

  /** Counts per value (through a repartition topic), and per key in 1-minute windows. */
  function rekeyedAndWindowedCounts() {
    const builder = new StreamsBuilder();
    const events = builder.stream<string, string>('events', { keySerde: S, valueSerde: S });
    events.selectKey((_k, v) => v).groupByKey({ keySerde: S, valueSerde: S }).count({ storeName: 'per-value' }).toStream().mapValues(String).to('totals', { keySerde: S, valueSerde: S });
    events.groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(60_000)).count({ storeName: 'per-minute' });
    return builder.build();
  }

  it("creates them with Kafka Streams' configs, and deletes the repartition records it has committed", async () => {
    const broker = await memoryBroker();
    const client = inProcess(broker);
    await client.createTopics([{ name: 'events', partitions: 1 }]);
    // A backfill: event times from 2001, which a time-based retention would delete unread.
    await produceInput(client, Array.from({ length: 30 }, (_, i) => ({ topic: 'events', key: `k${i}`, value: `v${i % 3}`, timestamp: 1_000_000_000_000 + i })));
    const streams = new StreamsRuntime(rekeyedAndWindowedCounts(), { applicationId: 'app', client, commitIntervalMs: 20, pollMs: 20, repartitionPurgeIntervalMs: 0 });
    cleanups.push(() => streams.stop());
    await streams.start();

    const configs = (topic: string) => Object.fromEntries(broker.describeConfigs(topic).map((c) => [c.name, c.value]));
    const repartition = 'app-per-value-repartition';
    expect(configs(repartition)).toMatchObject({ 'cleanup.policy': 'delete', 'retention.ms': '-1', 'segment.bytes': '52428800', 'message.timestamp.type': 'CreateTime' });
    expect(configs('app-per-value-changelog')).toMatchObject({ 'cleanup.policy': 'compact', 'message.timestamp.type': 'CreateTime' });
    // A window store's changelog is also deleted past the store's retention (60 s) + 1 day.
    expect(configs('app-per-minute-changelog')).toMatchObject({ 'cleanup.policy': 'compact,delete', 'retention.ms': String(60_000 + 86_400_000) });

    await broker.runMaintenance();
    const totals = await waitForRecords(client, 'totals', 30);
    expect(latestByKey(totals)).toEqual(new Map([['v0', '10'], ['v1', '10'], ['v2', '10']]));
    // Committed repartition records go (Kafka's purge): the topic now starts past them.
    for (let i = 0; i < 100 && (await client.listOffsets({ topic: repartition, partition: 0 }, 'earliest')) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await client.listOffsets({ topic: repartition, partition: 0 }, 'earliest')).toBeGreaterThan(0);
  });

  it('refuses to start when an internal topic exists with another partition count, naming it', async () => {
    const client = inProcess(await memoryBroker());
    await client.createTopics([
      { name: 'events', partitions: 2 },
      { name: 'app-per-value-changelog', partitions: 1, configs: { 'cleanup.policy': 'compact' } },
    ]);
    const streams = new StreamsRuntime(rekeyedAndWindowedCounts(), { applicationId: 'app', client, pollMs: 20 });
    cleanups.push(() => streams.stop());
    await expect(streams.start()).rejects.toThrow(/^Existing internal topic app-per-value-changelog has 1 partition, but the topology needs 2 .*group "app"/);
    expect(streams.state).toBe('NOT_RUNNING');
  });
});

