/**
 * StreamsRuntime#observe on a real (embedded) broker: taps reach every task, including tasks
 * created after observe() — at start and after rebalances — and metrics() sums node counters.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Broker } from '../../engine/broker/broker.js';
import { InProcessClient } from '../../engine/client/in-process-client.js';
import { Serdes, type ObservedRecord } from '../../engine/streams/index.js';
import { StreamsRuntime } from '../../engine/streams/runtime/streams-runtime.js';
import { tappedTopology } from '../../engine/streams/runtime/observers.fixture.js';

const S = Serdes.String();
const I = Serdes.Int32();


describe('observe() and metrics() on the StreamsRuntime', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp() {
    const broker = await Broker.open({ config: { 'group.initial.rebalance.delay.ms': '0', 'group.min.session.timeout.ms': '500' } });
    cleanups.push(() => broker.close());
    const client = new InProcessClient(broker);
    cleanups.push(() => client.close());
    await client.createTopics([{ name: 'in', partitions: 2 }, { name: 'out', partitions: 2 }]);
    const runtime = (id: string) => {
      const streams = new StreamsRuntime(tappedTopology(), { applicationId: id, client: new InProcessClient(broker), commitIntervalMs: 50, pollMs: 20, sessionTimeoutMs: 3000 });
      cleanups.push(() => streams.stop());
      return streams;
    };
    const produce = (partition: number, key: string, value: number) =>
      client.produce('in', [{ key: S.serialize('in', key), value: I.serialize('in', value), timestamp: 1000 + value, partition }]);
    return { client, runtime, produce };
  }

  async function until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('covers every task, including tasks created after observe() (start, rebalances); metrics() sums nodes over tasks', async () => {
    const { runtime, produce } = await setUp();
    const a = runtime('tapped');
    const sources: ObservedRecord[] = [];
    const sinks: ObservedRecord[] = [];
    a.observe('src', (r) => sources.push(r));
    a.observe('sink', (r) => sinks.push(r));
    await a.start();
    await produce(0, 'x', 1);
    await produce(1, 'y', 2);
    await produce(1, 'z', -3);
    await until(() => sources.length === 3 && sinks.length === 2, 'the first records');
    expect(sources.map((r) => `${r.topic}:${r.partition}:${r.offset}=${String(r.value)}`).sort()).toEqual(['in:0:0=1', 'in:1:0=2', 'in:1:1=-3']);
    expect(sinks.map((r) => `${r.topic}=${String(r.value)}`).sort()).toEqual(['out=10', 'out=20']);
    // Observing a running runtime reaches the tasks it has now.
    const passed: unknown[] = [];
    a.observe('positive', (r) => passed.push(r.value));

    // A second instance takes a partition, then leaves: `a` gets it back in a new task.
    const b = runtime('tapped');
    await b.start();
    await until(() => a.metrics().tasks.length === 1 && b.metrics().tasks.length === 1, 'the partitions to be shared');
    await b.stop();
    await until(() => a.metrics().tasks.length === 2, 'a to own both partitions again');
    await produce(0, 'x', 4);
    await produce(1, 'y', 5);
    await until(() => sinks.length === 4, 'records after the rebalance');
    expect(sinks.map((r) => r.value)).toEqual(expect.arrayContaining([40, 50]));
    expect([...passed].sort()).toEqual([4, 5]);

    const nodes = new Map(a.metrics().nodes.map((n) => [n.node, n]));
    expect(nodes.get('src')).toMatchObject({ recordsIn: 5, recordsOut: 5, errors: 0 });
    expect(nodes.get('positive')).toMatchObject({ recordsIn: 5, recordsOut: 4 });
    expect(nodes.get('sink')).toMatchObject({ recordsIn: 4, recordsOut: 4 });
    expect((await a.lag()).every((p) => p.lag === 0)).toBe(true);
  }, 60_000);
});
