/**
 * StreamThreads (num.stream.threads): several worker threads, each a StreamsRuntime over the
 * embedded broker served across a MessagePort, share one application's tasks. Same output as the
 * TopologyTestDriver; state restored across a restart; clear errors for a bad topology source; a
 * failing thread stops the application.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Broker } from '../../engine/broker/broker.js';
import { localBrokerAccess } from '../../engine/client/broker-access.js';
import { InProcessClient } from '../../engine/client/in-process-client.js';
import { KafkaClient } from '../../engine/client/kafka-client.js';
import { Serdes, StreamsError, TopologyTestDriver } from '../../engine/streams/index.js';
import { startBrokerProcess } from '../support/broker-process.js';
import { StreamThreads, type StreamThreadsOptions } from '../../engine/streams/threads/stream-threads.js';
import { latestByKey, produceInput, readTopic, text, waitForRecords, windowAndJoinInput, windowAndJoinTopology } from './runtime-support.js';

const MODULE = fileURLToPath(new URL('./thread-topologies.ts', import.meta.url));

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ broker: Broker; client: InProcessClient }> {
  const broker = await Broker.open({ config: { 'group.initial.rebalance.delay.ms': '0', 'group.min.session.timeout.ms': '500' } });
  const client = new InProcessClient(broker);
  cleanups.push(() => broker.close(), () => client.close());
  return { broker, client };
}

/** Waits until `condition` holds (bounded: fails after `timeoutMs`). */
async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function threads(broker: Broker, applicationId: string, exportName: string, extra: Partial<StreamThreadsOptions> = {}): StreamThreads {
  const app = new StreamThreads({
    applicationId,
    threads: 2,
    topology: { module: MODULE, exportName },
    connection: { broker: localBrokerAccess(broker) },
    commitIntervalMs: 50,
    pollMs: 50,
    sessionTimeoutMs: 3000,
    ...extra,
  });
  cleanups.push(() => app.stop());
  return app;
}

describe('StreamThreads', () => {
  it('runs the windowed count and join on two threads with the test driver output, both threads owning tasks', async () => {
    const { broker, client } = await setup();
    for (const topic of ['clicks', 'orders', 'payments', 'click-counts', 'paid']) await client.createTopics([{ name: topic, partitions: 2 }]);
    await produceInput(client, windowAndJoinInput());
    const app = threads(broker, 'threads-window-join', 'windowAndJoinTopology');
    await app.prepare();
    // Prepared: topologies built in both threads, nobody in the group yet, nothing processed.
    expect(app.state).toBe('CREATED');
    expect((await broker.groups.describeGroups(['threads-window-join'])).groups[0]?.members ?? []).toEqual([]);
    expect(await client.listOffsets({ topic: 'click-counts', partition: 0 }, 'latest')).toBe(0);
    await app.start();
    const driver = new TopologyTestDriver(windowAndJoinTopology());
    const S = Serdes.String();
    const inputs = new Map(['clicks', 'orders', 'payments'].map((t) => [t, driver.createInputTopic(t, S, S)]));
    for (const r of windowAndJoinInput()) inputs.get(r.topic)!.pipeInput(r.key, r.value, r.timestamp);
    const expected = (topic: string) => driver.createOutputTopic(topic, S, S).readRecordsToList().map((r) => `${r.key}=${r.value}@${r.timestamp}`).sort();
    const counts = expected('click-counts');
    const paid = expected('paid');
    driver.close();

    const strip = (lines: string[]) => lines.map((l) => l.replace(/^\d+:/, '')).sort();
    expect(strip(text(await waitForRecords(client, 'click-counts', counts.length)))).toEqual(counts);
    expect(strip(text(await waitForRecords(client, 'paid', paid.length)))).toEqual(paid);
    // The output is complete; the group settles with one member per thread, all tasks placed.
    const settled = async () => {
      const [group] = (await broker.groups.describeGroups(['threads-window-join'])).groups;
      const tasks = (await app.metrics()).tasks.map((t) => t.taskId).sort();
      return { state: app.state, members: group!.members.map((m) => m.clientId).sort(), tasks };
    };
    await until(async () => (await settled()).state === 'RUNNING' && (await settled()).members.length === 2);
    expect(await settled()).toEqual({
      state: 'RUNNING',
      members: ['threads-window-join-StreamThread-1', 'threads-window-join-StreamThread-2'],
      tasks: ['0_0', '0_1', '1_0', '1_1'],
    });
    await app.stop();
    expect(app.state).toBe('NOT_RUNNING');
    await app.done();
  }, 60_000);

  it('restores state across a restart of all threads: totals continue, nothing is counted twice', async () => {
    const { broker, client } = await setup();
    await client.createTopics([{ name: 'events', partitions: 4 }, { name: 'totals', partitions: 4 }]);
    const record = (i: number) => ({ topic: 'events', key: `k${i % 8}`, value: 'x', timestamp: 1000 + i });
    await produceInput(client, Array.from({ length: 80 }, (_, i) => record(i)));
    const first = threads(broker, 'threads-count', 'countTopology');
    await first.start();
    await waitForRecords(client, 'totals', 80);
    await first.stop();

    await produceInput(client, Array.from({ length: 80 }, (_, i) => record(80 + i)));
    const second = threads(broker, 'threads-count', 'countTopology', { threads: 3 });
    await second.start();
    const totals = await waitForRecords(client, 'totals', 160);
    await second.stop();
    expect(Object.fromEntries(latestByKey(totals))).toEqual(Object.fromEntries(Array.from({ length: 8 }, (_, k) => [`k${k}`, '20'])));
    expect((await readTopic(client, 'totals')).length).toBe(160);
  }, 60_000);

  it('runs on a Kafka cluster, each thread with its own KafkaClient (sluice broker over the wire)', async () => {
    const process = await startBrokerProcess({ config: { 'group.min.session.timeout.ms': '500', 'group.initial.rebalance.delay.ms': '300' } });
    cleanups.push(() => process.stop());
    const client = new KafkaClient({ brokers: [process.bootstrap] });
    cleanups.push(() => client.close());
    await client.createTopics([{ name: 'events', partitions: 4 }, { name: 'totals', partitions: 4 }]);
    await produceInput(client, Array.from({ length: 80 }, (_, i) => ({ topic: 'events', key: `k${i % 8}`, value: 'x', timestamp: 1000 + i })));
    const app = new StreamThreads({
      applicationId: 'threads-wire',
      threads: 2,
      topology: { module: MODULE, exportName: 'countTopology' },
      connection: { bootstrap: [process.bootstrap] },
      commitIntervalMs: 50,
      pollMs: 50,
      sessionTimeoutMs: 3000,
    });
    cleanups.push(() => app.stop());
    await app.start();
    const totals = await waitForRecords(client, 'totals', 80);
    expect(Object.fromEntries(latestByKey(totals))).toEqual(Object.fromEntries(Array.from({ length: 8 }, (_, k) => [`k${k}`, '10'])));
    await until(async () => (await app.metrics()).tasks.length === 4);
    await app.stop();
    expect(app.state).toBe('NOT_RUNNING');
  }, 90_000);

  it('refuses a topology source that names a missing export or returns no Topology, naming the module and export', async () => {
    const { broker } = await setup();
    const missing = threads(broker, 'threads-missing', 'noSuchBuilder');
    const failure = await missing.start().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StreamsError);
    expect((failure as StreamsError).code).toBe('STREAMS_TOPOLOGY_SOURCE');
    expect((failure as Error).message).toContain(`${MODULE}#noSuchBuilder is not a function`);
    expect(missing.state).toBe('ERROR');

    const wrong = threads(broker, 'threads-wrong', 'notATopology', { threads: 1 });
    await expect(wrong.start()).rejects.toThrow(`${MODULE}#notATopology did not return a Topology`);
    const unloadable = threads(broker, 'threads-unloadable', 'x', { threads: 1, topology: { module: '/nonexistent/topology.ts' } });
    await expect(unloadable.start()).rejects.toThrow('cannot load the topology module /nonexistent/topology.ts');
    expect(() => new StreamThreads({ applicationId: 'x', threads: 0, topology: { module: MODULE }, connection: { broker: localBrokerAccess(broker) } })).toThrow('threads must be a whole number of at least 1, got 0');
  }, 60_000);

  it('stops cleanly when stopped while starting, refuses to start once stopped, and never reports RUNNING again during a stop', async () => {
    const { broker, client } = await setup();
    await client.createTopics([{ name: 'events', partitions: 3 }, { name: 'totals', partitions: 3 }]);
    const early = threads(broker, 'threads-early-stop', 'countTopology');
    const starting = early.start();
    await early.stop();
    await expect(starting).rejects.toMatchObject({ code: 'STREAMS_ILLEGAL_STATE' });
    expect(early.state).toBe('NOT_RUNNING');
    await early.done();

    const never = threads(broker, 'threads-never', 'countTopology');
    await expect(never.done()).rejects.toThrow('were not started');
    await never.stop();
    await expect(never.start()).rejects.toThrow('stream threads of threads-never were stopped');
    await never.done();

    const app = threads(broker, 'threads-stop-states', 'countTopology', { threads: 3 });
    await app.start();
    await until(async () => app.state === 'RUNNING' && (await app.metrics()).tasks.length === 3);
    const states: string[] = [];
    app.onStateChange((state) => states.push(state));
    await app.stop();
    expect(states[0]).toBe('PENDING_SHUTDOWN');
    expect(states.at(-1)).toBe('NOT_RUNNING');
    expect(states.filter((state) => state === 'RUNNING' || state === 'REBALANCING')).toEqual([]);
  }, 60_000);

  it('refuses topology arguments a thread cannot receive, naming the thread', async () => {
    const { broker } = await setup();
    const app = threads(broker, 'threads-uncloneable', 'countTopology', { threads: 2, topology: { module: MODULE, exportName: 'countTopology', args: { build: () => 1 } } });
    await expect(app.start()).rejects.toThrow('threads-uncloneable-StreamThread-1 could not be started');
    expect(app.state).toBe('NOT_RUNNING');
  });

  it('stops every thread when one fails (error policy fail) and reports the failing record', async () => {
    const { broker, client } = await setup();
    await client.createTopics([{ name: 'events', partitions: 2 }, { name: 'copies', partitions: 2 }]);
    const app = threads(broker, 'threads-fail', 'failOnBoom', { errorPolicy: 'fail' });
    await app.start();
    const states: string[] = [];
    app.onStateChange((state) => states.push(state));
    await produceInput(client, [{ topic: 'events', key: 'a', value: 'boom', timestamp: 1000 }]);
    const failure = await app.done().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StreamsError);
    expect((failure as StreamsError).code).toBe('STREAMS_PROCESSING_FAILED');
    expect((failure as Error).message).toContain('boom is not a value this pipeline accepts');
    expect(failure).toMatchObject({ topic: 'events', offset: 0 });
    expect(app.state).toBe('ERROR');
    expect(states).toContain('ERROR');
  }, 60_000);
});
