/**
 * Streams benchmark (issue 4). Over 2,000,000 JSON records, in-process (the embedded broker in
 * memory; fetch, deserialize, process, serialize, produce, commit — the whole path):
 *   (a) filter + mapValues;
 *   (b) a tumbling 1 s window count over 10,000 keys (emit on update);
 *   (c) a stream-stream join within 1 s (1,000,000 records on each side).
 * Each case runs in a process of its own (`streams.bench.ts a|b|c` runs one), twice: by one
 * StreamsRuntime on a one-partition topic (one task, one thread), and by StreamThreads with two
 * stream threads on a two-partition topic (Kafka Streams' num.stream.threads = 2; the broker stays
 * on the main thread). Beside them, a hand-written loop does the same computation on the same
 * record bytes (JSON.parse, compute, JSON.stringify) on one thread, as the baseline, and the ratio
 * is runtime rate / hand loop rate. (The runtime's JSON serde decodes and encodes objects of a
 * shape it has seen without JSON.parse / JSON.stringify, so its ratio can pass 100 %.)
 *
 * A thread run is timed from start() (joining the group with a 50 ms initial rebalance delay,
 * assignment, processing) to caught up; the threads' start-up before it (spawning workers,
 * loading the engine's modules, building the topology: StreamThreads#prepare) is printed apart,
 * as the single-thread run's module loading is not timed either. The hand loops read the records
 * stored in the broker (fetched before their clock starts); each run checks that the runtime wrote
 * as many output records as its hand loop computed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Broker } from '../engine/broker/broker.js';
import { localBrokerAccess } from '../engine/client/broker-access.js';
import { InProcessClient } from '../engine/client/in-process-client.js';
import type { ProducerRecord } from '../engine/client/log-client.js';
import type { Topology } from '../engine/streams/index.js';
import { StreamsRuntime } from '../engine/streams/runtime/streams-runtime.js';
import { StreamThreads } from '../engine/streams/threads/stream-threads.js';
import { fmt, nowMs, verdict } from './bench-util.js';
import * as topologies from './support/streams-topologies.js';
import { order, type Order } from './support/streams-topologies.js';

const TOTAL = 2_000_000;
const TOPOLOGIES = fileURLToPath(new URL('./support/streams-topologies.ts', import.meta.url));
type TopologyName = 'filterMap' | 'windowCount' | 'join';

interface Case {
  label: string;
  topology: TopologyName;
  /** Input topics and how many records each gets (the second side's ids start 500 later). */
  inputs: Array<{ topic: string; count: number; offset: number }>;
  output: string;
  /** The hand loop over the stored values of each input (in input order): output records computed. */
  handLoop(values: Buffer[][]): number;
  goal?: number;
  ratioGoal?: number;
}

/**
 * One thread joins at once (no delay). Several threads wait 50 ms for each other
 * (group.initial.rebalance.delay.ms; Kafka's default is 3 s), so that all are in the first
 * generation: a thread that joins later waits for the others' next heartbeat (3 s) to get work.
 */
async function openBroker(initialRebalanceDelayMs: number): Promise<{ broker: Broker; client: InProcessClient }> {
  const broker = await Broker.open({ config: { 'group.initial.rebalance.delay.ms': String(initialRebalanceDelayMs) } });
  return { broker, client: new InProcessClient(broker) };
}

/** Loads the case's inputs; with one partition everything goes to partition 0, else by key. */
async function load(client: InProcessClient, c: Case, partitions: number): Promise<void> {
  for (const { topic, count, offset } of c.inputs) {
    await client.createTopics([{ name: topic, partitions }]);
    for (let start = 0; start < count; start += 10_000) {
      const records: ProducerRecord[] = [];
      for (let i = start; i < Math.min(count, start + 10_000); i++) {
        const o = order(i + offset);
        records.push({ key: Buffer.from(o.customer), value: Buffer.from(JSON.stringify(o)), timestamp: o.ts, ...(partitions === 1 ? { partition: 0 } : {}) });
      }
      await client.produce(topic, records, { acks: 1 });
    }
  }
}

/** The values of every record stored in partition 0 of `topic`, in offset order (for a hand loop). */
async function storedValues(client: InProcessClient, topic: string): Promise<Buffer[]> {
  const end = await client.listOffsets({ topic, partition: 0 }, 'latest');
  const values: Buffer[] = [];
  while (values.length < end) {
    const [fetched] = await client.fetch([{ topic, partition: 0, offset: values.length }]);
    if (!fetched || fetched.records.length === 0) throw new Error(`${topic}: no records at offset ${values.length} of ${end}`);
    for (const r of fetched.records) values.push(r.value!);
  }
  return values;
}

/** Records in all partitions of `topic`. */
async function produced(client: InProcessClient, topic: string): Promise<number> {
  const [info] = await client.describeTopics([topic]);
  let total = 0;
  for (let partition = 0; partition < (info?.partitions ?? 0); partition++) total += await client.listOffsets({ topic, partition }, 'latest');
  return total;
}

async function untilCaughtUp(lag: () => Promise<Array<{ lag: number }>>, partitions: number): Promise<void> {
  for (;;) {
    const current = await lag();
    if (current.length === partitions && current.every((p) => p.lag === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const runtimeOptions = { commitIntervalMs: 1000, pollMs: 10 };

async function runSingle(c: Case, client: InProcessClient): Promise<number> {
  const streams = new StreamsRuntime((topologies[c.topology] as () => Topology)(), { applicationId: `bench-${c.topology}`, client, ...runtimeOptions });
  const start = nowMs();
  await streams.start();
  await untilCaughtUp(() => streams.lag(), c.inputs.length);
  const ms = nowMs() - start;
  await streams.stop();
  return ms;
}

/** The run's time from start() (group join included) to caught up; the threads' start-up is reported apart. */
async function runThreads(c: Case, broker: Broker, threads: number): Promise<number> {
  const app = new StreamThreads({
    applicationId: `bench-${c.topology}-threads`,
    threads,
    topology: { module: TOPOLOGIES, exportName: c.topology },
    connection: { broker: localBrokerAccess(broker) },
    ...runtimeOptions,
  });
  const spawnStart = nowMs();
  await app.prepare();
  console.log(`${c.label}: ${threads} stream threads spawned and their topologies built in ${fmt(nowMs() - spawnStart)} ms (module loading; not in the rate)`);
  const start = nowMs();
  await app.start();
  await untilCaughtUp(() => app.lag(), c.inputs.length * threads);
  const ms = nowMs() - start;
  await app.stop();
  return ms;
}

async function checkOutput(client: InProcessClient, label: string, topic: string, expected: number): Promise<void> {
  const count = await produced(client, topic);
  if (count !== expected) throw new Error(`${label}: the runtime wrote ${count} records to ${topic}, the hand loop computed ${expected}`);
}

function report(label: string, runtimeMs: number, baselineMs: number, c: Case): void {
  const rate = TOTAL / (runtimeMs / 1000);
  const ratio = (baselineMs / runtimeMs) * 100;
  console.log(`${label.padEnd(60)} ${fmt(rate).padStart(10)} rec/s   ratio ${fmt(ratio, 1).padStart(5)} %`);
  if (c.goal !== undefined) console.log(verdict(`${label} >= ${fmt(c.goal)} rec/s`, rate >= c.goal, `${fmt(rate)} rec/s`));
  if (c.ratioGoal !== undefined) console.log(verdict(`${label} >= ${c.ratioGoal} % of its hand loop`, ratio >= c.ratioGoal, `${fmt(ratio, 1)} %`));
}

async function bench(c: Case): Promise<void> {
  const single = await openBroker(0);
  await load(single.client, c, 1);
  const singleMs = await runSingle(c, single.client);
  const values = await Promise.all(c.inputs.map((input) => storedValues(single.client, input.topic)));
  (globalThis as { gc?: () => void }).gc?.();
  const start = nowMs();
  const expected = c.handLoop(values);
  const baselineMs = nowMs() - start;
  values.length = 0;
  await checkOutput(single.client, `${c.label}, 1 thread`, c.output, expected);
  await single.client.close();
  await single.broker.close();

  const multi = await openBroker(50);
  await load(multi.client, c, 2);
  (globalThis as { gc?: () => void }).gc?.();
  const threadsMs = await runThreads(c, multi.broker, 2);
  await checkOutput(multi.client, `${c.label}, 2 threads`, c.output, expected);
  await multi.client.close();
  await multi.broker.close();

  console.log(`${c.label.padEnd(60)} hand loop ${fmt(TOTAL / (baselineMs / 1000)).padStart(10)} rec/s (one thread)`);
  report(`${c.label}, 1 partition, 1 thread`, singleMs, baselineMs, c);
  report(`${c.label}, 2 partitions, 2 stream threads`, threadsMs, baselineMs, c);
}

const parse = (value: Buffer) => JSON.parse(value.toString()) as Order;

const filterMap: Case = {
  label: '(a) filter + mapValues',
  topology: 'filterMap',
  inputs: [{ topic: 'orders', count: TOTAL, offset: 0 }],
  output: 'big-orders',
  goal: 1_000_000,
  ratioGoal: 25,
  handLoop([values]) {
    const out: Buffer[] = [];
    for (const value of values!) {
      const o = parse(value);
      if (o.amount >= 500) out.push(Buffer.from(JSON.stringify({ id: o.id, customer: o.customer, cents: o.amount * 100 })));
    }
    return out.length;
  },
};

const windowCount: Case = {
  label: '(b) tumbling 1 s count, 10k keys',
  topology: 'windowCount',
  inputs: [{ topic: 'orders', count: TOTAL, offset: 0 }],
  output: 'counts',
  goal: 500_000,
  handLoop([values]) {
    const counts = new Map<string, number>();
    const out: Buffer[] = [];
    for (const value of values!) {
      const o = parse(value);
      const key = `${o.customer}@${o.ts - (o.ts % 1000)}`;
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      out.push(Buffer.from(String(count)));
    }
    return out.length;
  },
};

const join: Case = {
  label: '(c) stream-stream join within 1 s',
  topology: 'join',
  inputs: [
    { topic: 'left', count: TOTAL / 2, offset: 0 },
    { topic: 'right', count: TOTAL / 2, offset: 500 },
  ],
  output: 'joined',
  // The same symmetric windowed join, in timestamp order, with per-key buffers.
  handLoop([left, right]) {
    const buffers = [new Map<string, Order[]>(), new Map<string, Order[]>()];
    const out: Buffer[] = [];
    let i = 0;
    let j = 0;
    while (i < left!.length || j < right!.length) {
      const a = i < left!.length ? parse(left![i]!) : undefined;
      const b = j < right!.length ? parse(right![j]!) : undefined;
      const side = b === undefined || (a !== undefined && a.ts <= b.ts) ? 0 : 1;
      const o = side === 0 ? (i++, a!) : (j++, b!);
      const own = buffers[side]!;
      const other = buffers[1 - side]!.get(o.customer) ?? [];
      for (const match of other) if (Math.abs(match.ts - o.ts) <= 1000) out.push(Buffer.from(JSON.stringify(side === 0 ? { left: o.id, right: match.id } : { left: match.id, right: o.id })));
      const list = own.get(o.customer) ?? [];
      list.push(o);
      own.set(o.customer, list.filter((x) => o.ts - x.ts <= 1000));
    }
    return out.length;
  },
};

const cases: Record<string, Case> = { a: filterMap, b: windowCount, c: join };
const only = process.argv[2];
if (only === undefined) {
  console.log(`${fmt(TOTAL)} JSON records per case, in-process (embedded broker in memory); ratio = runtime rate / one-thread hand loop rate`);
  // Each case in a process of its own, as bin/bench.mjs runs each benchmark: one case's heap and
  // JIT state (code optimized for another topology's records) never colour another's figures.
  for (const name of Object.keys(cases)) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], { stdio: 'inherit' });
    if (child.status !== 0) process.exitCode = 1;
  }
} else {
  const c = cases[only];
  if (c === undefined) throw new Error(`unknown case ${only}; cases: ${Object.keys(cases).join(', ')}`);
  await bench(c);
}
