import { describe, expect, it } from 'vitest';
import {
  ContextualProcessor,
  Serdes,
  Stores,
  StreamsBuilder,
  Topology,
  TopologyTestDriver,
  type KeyValueStore,
  type ProcessorContext,
  type StreamRecord,
} from '../index.js';

const S = Serdes.String();
const I = Serdes.Int32();

/** Sums values per key in a store; every 10 ms of stream time forwards the totals to 'report'. */
class Summer extends ContextualProcessor<string, number, string, number> {
  private store!: KeyValueStore<string, number>;
  readonly punctuations: number[] = [];

  override init(context: ProcessorContext<string, number>): void {
    super.init(context);
    this.store = context.getStateStore<KeyValueStore<string, number>>('sums');
    context.schedule(10, 'stream-time', (ts) => {
      this.punctuations.push(ts);
      for (const { key, value } of this.store.all()) context.forward({ key, value, timestamp: ts, headers: [] }, 'report');
    });
  }

  process(r: StreamRecord<string, number>): void {
    const sum = (this.store.get(r.key) ?? 0) + r.value;
    this.store.put(r.key, sum);
    this.context().forward({ ...r, value: sum }, 'running');
  }
}

describe('Processor API', () => {
  it('runs a hand-built topology with a store, child-targeted forwards and stream-time punctuation', () => {
    let instance: Summer | undefined;
    const topology = new Topology()
      .addSource('numbers', 'in', { keySerde: S, valueSerde: I })
      .addProcessor('summer', () => (instance = new Summer()), 'numbers')
      .addStateStore(Stores.keyValueStoreBuilder('sums', S, I), 'summer')
      .addSink('running', 'running-sums', { keySerde: S, valueSerde: I }, 'summer')
      .addSink('report', 'report', { keySerde: S, valueSerde: I }, 'summer');
    expect(topology.describe().toString()).toContain('Processor: summer (stores: [sums])\n      --> report, running\n      <-- numbers');
    const driver = new TopologyTestDriver(topology);
    const input = driver.createInputTopic('in', S, I);
    input.pipeInput('a', 1, 3); // stream time 3: the first punctuation (aligned to 0) fires
    input.pipeInput('b', 2, 7);
    input.pipeInput('a', 4, 12); // passes 10
    input.pipeInput('a', 1, 35); // jumps over 20 and 30: fires once, next at 40
    input.pipeInput('b', 1, 39);
    expect(driver.createOutputTopic('running-sums', S, I).readValuesToList()).toEqual([1, 2, 5, 6, 3]);
    expect(instance!.punctuations).toEqual([3, 12, 35]);
    expect(driver.createOutputTopic('report', S, I).readRecordsToList().map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['a', 1, 3],
      ['a', 5, 12],
      ['b', 2, 12],
      ['a', 6, 35],
      ['b', 2, 35],
    ]);
  });

  it("the test driver runs every sub-topology in one task, as Kafka's does: stream time and punctuation span all input topics", () => {
    const seen: string[] = [];
    const topology = new Topology()
      .addSource('from-a', 'a', { keySerde: S, valueSerde: S })
      .addProcessor(
        'watch',
        () => ({
          init: (ctx: ProcessorContext) => {
            ctx.schedule(10, 'stream-time', (ts) => seen.push(`punctuate@${ts}`));
            watchContext = ctx;
          },
          process: (r: StreamRecord<unknown, unknown>) => seen.push(`${String(r.value)} at stream time ${watchContext!.currentStreamTimeMs()}`),
        }),
        'from-a',
      )
      .addSource('from-b', 'b', { keySerde: S, valueSerde: S })
      .addSink('to-out', 'out', { keySerde: S, valueSerde: S }, 'from-b');
    let watchContext: ProcessorContext | undefined;
    const driver = new TopologyTestDriver(topology);
    expect(driver.streamTasks().map((t) => t.taskId)).toEqual(['0_0']);
    const a = driver.createInputTopic('a', S, S);
    const b = driver.createInputTopic('b', S, S);
    a.pipeInput('k', 'a0', 0);
    b.pipeInput('k', 'b50', 50);
    b.pipeInput('k', 'b75', 75);
    a.pipeInput('k', 'a1', 1);
    expect(seen).toEqual(['a0 at stream time 0', 'punctuate@0', 'punctuate@50', 'punctuate@75', 'a1 at stream time 75']);
    driver.close();
  });

  it('fires wall-clock punctuators only when the wall clock advances', () => {
    const fired: number[] = [];
    const topology = new Topology()
      .addSource('src', 'in', { keySerde: S, valueSerde: S })
      .addProcessor(
        'ticker',
        () => ({
          init: (ctx) => void ctx.schedule(1000, 'wall-clock', (now) => fired.push(now)),
          process: () => undefined,
        }),
        'src',
      );
    const driver = new TopologyTestDriver(topology, { initialWallClockMs: 5000 });
    driver.createInputTopic('in', S, S).pipeInput('k', 'v', 1_000_000);
    expect(fired).toEqual([]);
    driver.advanceWallClockTime(999);
    expect(fired).toEqual([]);
    driver.advanceWallClockTime(1);
    driver.advanceWallClockTime(2500);
    expect(fired).toEqual([6000, 8500]);
  });

  it('fires a punctuation a punctuator schedules, when already due, in the same round (Kafka loops over its queue)', () => {
    const fired: string[] = [];
    const topology = new Topology().addSource('src', 'in', { keySerde: S, valueSerde: S }).addProcessor(
      'ticker',
      () => ({
        init: (ctx) =>
          void ctx.schedule(1000, 'stream-time', (ts) => {
            fired.push(`outer@${ts}`);
            if (fired.length === 1) ctx.schedule(7, 'stream-time', (at) => fired.push(`inner@${at}`));
          }),
        process: () => undefined,
      }),
      'src',
    );
    const driver = new TopologyTestDriver(topology);
    driver.createInputTopic('in', S, S).pipeInput('k', 'v', 5);
    expect(fired).toEqual(['outer@5', 'inner@5']);
  });

  it('refuses access to a store that is not connected to the processor', () => {
    const topology = new Topology()
      .addSource('src', 'in', { keySerde: S, valueSerde: S })
      .addProcessor('p', () => ({ init: (ctx) => void ctx.getStateStore('other'), process: () => undefined }), 'src')
      .addProcessor('q', () => ({ process: () => undefined }), 'src')
      .addStateStore(Stores.keyValueStoreBuilder('other', S, S), 'q');
    expect(() => new TopologyTestDriver(topology)).toThrow(/Processor p has no access to StateStore other/);
  });

  it('validates topologies like Kafka', () => {
    const t = new Topology().addSource('src', 'in');
    expect(() => t.addSource('src2', 'in')).toThrow(/Topic in has already been registered by another source/);
    expect(() => t.addProcessor('src', () => ({ process: () => undefined }), 'src')).toThrow(/already added/);
    expect(() => t.addProcessor('p', () => ({ process: () => undefined }), 'missing')).toThrow(/Parent processor missing is not added yet/);
    t.addSink('sink', 'out', {}, 'src');
    expect(() => t.addProcessor('after-sink', () => ({ process: () => undefined }), 'sink')).toThrow(/Sink sink cannot be used a parent/);
  });

  it('KStream#process plugs a custom processor with a builder store into the DSL; its output is marked for repartitioning', () => {
    const builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder('seen', S, I));
    builder
      .stream<string, string>('in', { keySerde: S, valueSerde: S })
      .process<string, number>(
        () => {
          let ctx: ProcessorContext<string, number>;
          let seen: KeyValueStore<string, number>;
          return {
            init(c) {
              ctx = c;
              seen = c.getStateStore('seen');
            },
            process(r) {
              const n = (seen.get(r.value) ?? 0) + 1;
              seen.put(r.value, n);
              ctx.forward({ ...r, key: r.value, value: n });
            },
          };
        },
        { stores: ['seen'] },
      )
      .groupByKey({ keySerde: S, valueSerde: I })
      .reduce((a, b) => Math.max(a, b))
      .toStream()
      .to('out', { keySerde: S, valueSerde: I });
    const topology = builder.build();
    expect(topology.repartitionTopicNames()).toHaveLength(1);
    const driver = new TopologyTestDriver(topology);
    const input = driver.createInputTopic('in', S, S);
    ['x', 'y', 'x'].forEach((v, i) => input.pipeInput(String(i), v, i));
    expect(driver.createOutputTopic('out', S, I).readKeyValuesToList()).toEqual([
      { key: 'x', value: 1 },
      { key: 'y', value: 1 },
      { key: 'x', value: 2 },
    ]);
  });
});
