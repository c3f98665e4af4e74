/**
 * Streams benchmark (issue 4). Over 2,000,000 JSON records, in-process (StreamsRuntime on
 * InProcessClient over an in-memory embedded broker: fetch, deserialize, process, serialize,
 * produce, commit — the whole path):
 *   (a) filter + mapValues;
 *   (b) a tumbling 1 s window count over 10,000 keys (emit on update);
 *   (c) a stream-stream join within 1 s (1,000,000 records on each side);
 * each beside a hand-written loop doing the same computation on the same record bytes (parse,
 * compute, serialize) as the baseline, and the ratio. The hand loops read the records stored in the
 * broker (fetched before their clock starts), so the runtime does not run beside millions of
 * extra Buffers kept only for them; each case checks that the runtime wrote as many output records
 * as its hand loop computed.
 */
import { Broker } from '../engine/broker/broker.js';
import { InProcessClient } from '../engine/client/in-process-client.js';
import type { ProducerRecord } from '../engine/client/log-client.js';
import { JoinWindows, Serdes, StreamsBuilder, TimeWindows, keyValue, type Topology } from '../engine/streams/index.js';
import { StreamsRuntime } from '../engine/streams/runtime/streams-runtime.js';
import { fmt, nowMs, verdict } from './bench-util.js';

const TOTAL = 2_000_000;
const KEYS = 10_000;
const S = Serdes.String();
const J = Serdes.JSON<Order>();

interface Order {
  id: number;
  customer: string;
  amount: number;
  ts: number;
}

function order(i: number): Order {
  return { id: i, customer: `c${i % KEYS}`, amount: (i * 7919) % 1000, ts: 1_700_000_000_000 + i };
}

async function load(client: InProcessClient, topic: string, count: number, offset = 0): Promise<void> {
  await client.createTopics([{ name: topic, partitions: 1 }]);
  const chunk = 10_000;
  for (let start = 0; start < count; start += chunk) {
    const records: ProducerRecord[] = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) {
      const o = order(i + offset);
      records.push({ key: Buffer.from(o.customer), value: Buffer.from(JSON.stringify(o)), timestamp: o.ts, partition: 0 });
    }
    await client.produce(topic, records, { acks: 1 });
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

/** Checks that the runtime wrote as many records to `topic` as the hand loop computed. */
async function checkOutput(client: InProcessClient, label: string, topic: string, expected: number): Promise<void> {
  const produced = await client.listOffsets({ topic, partition: 0 }, 'latest');
  if (produced !== expected) throw new Error(`${label}: the runtime wrote ${produced} records to ${topic}, the hand loop computed ${expected}`);
}

async function runToEnd(topology: Topology, client: InProcessClient, applicationId: string): Promise<number> {
  const streams = new StreamsRuntime(topology, { applicationId, client, commitIntervalMs: 1000, pollMs: 10 });
  const start = nowMs();
  await streams.start();
  for (;;) {
    const lag = await streams.lag();
    if (lag.length > 0 && lag.every((p) => p.lag === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const ms = nowMs() - start;
  await streams.stop();
  return ms;
}

function report(label: string, records: number, runtimeMs: number, baselineMs: number, goal?: number): void {
  const rate = records / (runtimeMs / 1000);
  const baseRate = records / (baselineMs / 1000);
  console.log(`${label.padEnd(34)} runtime ${fmt(rate).padStart(10)} rec/s   hand loop ${fmt(baseRate).padStart(11)} rec/s   ratio ${fmt((baselineMs / runtimeMs) * 100, 1)} %`);
  if (goal !== undefined) console.log(verdict(`${label} >= ${fmt(goal)} rec/s`, rate >= goal, `${fmt(rate)} rec/s`));
}

async function benchFilterMap(): Promise<void> {
  const broker = await Broker.open({ config: { 'group.initial.rebalance.delay.ms': '0' } });
  const client = new InProcessClient(broker);
  await load(client, 'orders', TOTAL);
  const builder = new StreamsBuilder();
  builder
    .stream<string, Order>('orders', { keySerde: S, valueSerde: J })
    .filter((_k, o) => o.amount >= 500)
    .mapValues((o) => ({ id: o.id, customer: o.customer, cents: o.amount * 100 }))
    .to('big-orders', { keySerde: S, valueSerde: Serdes.JSON() });
  const runtimeMs = await runToEnd(builder.build(), client, 'bench-a');
  const values = await storedValues(client, 'orders');
  const start = nowMs();
  const out: Buffer[] = [];
  for (const value of values) {
    const o = JSON.parse(value.toString()) as Order;
    if (o.amount >= 500) out.push(Buffer.from(JSON.stringify({ id: o.id, customer: o.customer, cents: o.amount * 100 })));
  }
  const baselineMs = nowMs() - start;
  const [info] = await client.describeTopics(['big-orders']);
  if (info?.partitions !== 1) throw new Error(`(a) big-orders has ${info?.partitions} partitions`);
  await checkOutput(client, '(a)', 'big-orders', out.length);
  report('(a) filter + mapValues', TOTAL, runtimeMs, baselineMs, 1_000_000);
  console.log(verdict('(a) >= 25 % of its hand loop', baselineMs / runtimeMs >= 0.25, `${fmt((baselineMs / runtimeMs) * 100, 1)} %`));
  await client.close();
  await broker.close();
}

async function benchWindowCount(): Promise<void> {
  const broker = await Broker.open({ config: { 'group.initial.rebalance.delay.ms': '0' } });
  const client = new InProcessClient(broker);
  await load(client, 'orders', TOTAL);
  const builder = new StreamsBuilder();
  builder
    .stream<string, Order>('orders', { keySerde: S, valueSerde: J })
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(1000))
    .count()
    .toStream()
    .map((w, count) => keyValue(`${w.key}@${w.window.start}`, String(count)))
    .to('counts', { keySerde: S, valueSerde: S });
  const runtimeMs = await runToEnd(builder.build(), client, 'bench-b');
  const values = await storedValues(client, 'orders');
  const start = nowMs();
  const counts = new Map<string, number>();
  const out: Buffer[] = [];
  for (const value of values) {
    const o = JSON.parse(value.toString()) as Order;
    const key = `${o.customer}@${o.ts - (o.ts % 1000)}`;
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    out.push(Buffer.from(String(count)));
  }
  const baselineMs = nowMs() - start;
  await checkOutput(client, '(b)', 'counts', out.length);
  report('(b) tumbling 1 s count, 10k keys', TOTAL, runtimeMs, baselineMs, 500_000);
  await client.close();
  await broker.close();
}

async function benchJoin(): Promise<void> {
  const broker = await Broker.open({ config: { 'group.initial.rebalance.delay.ms': '0' } });
  const client = new InProcessClient(broker);
  await load(client, 'left', TOTAL / 2);
  await load(client, 'right', TOTAL / 2, 500);
  const builder = new StreamsBuilder();
  const l = builder.stream<string, Order>('left', { keySerde: S, valueSerde: J });
  const r = builder.stream<string, Order>('right', { keySerde: S, valueSerde: J });
  l.join(r, (a, b) => ({ left: a.id, right: b.id }), JoinWindows.ofTimeDifferenceWithNoGrace(1000)).to('joined', { keySerde: S, valueSerde: Serdes.JSON() });
  const runtimeMs = await runToEnd(builder.build(), client, 'bench-c');
  const left = await storedValues(client, 'left');
  const right = await storedValues(client, 'right');
  // Hand loop: the same symmetric windowed join, in timestamp order, with per-key buffers.
  const start = nowMs();
  const buffers = [new Map<string, Order[]>(), new Map<string, Order[]>()];
  const out: Buffer[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    const a = i < left.length ? (JSON.parse(left[i]!.toString()) as Order) : undefined;
    const b = j < right.length ? (JSON.parse(right[j]!.toString()) as Order) : undefined;
    const side = b === undefined || (a !== undefined && a.ts <= b.ts) ? 0 : 1;
    const o = side === 0 ? (i++, a!) : (j++, b!);
    const own = buffers[side]!;
    const other = buffers[1 - side]!.get(o.customer) ?? [];
    for (const match of other) if (Math.abs(match.ts - o.ts) <= 1000) out.push(Buffer.from(JSON.stringify(side === 0 ? { left: o.id, right: match.id } : { left: match.id, right: o.id })));
    const list = own.get(o.customer) ?? [];
    list.push(o);
    own.set(o.customer, list.filter((x) => o.ts - x.ts <= 1000));
  }
  const baselineMs = nowMs() - start;
  await checkOutput(client, '(c)', 'joined', out.length);
  report('(c) stream-stream join within 1 s', TOTAL, runtimeMs, baselineMs);
  await client.close();
  await broker.close();
}

console.log(`${fmt(TOTAL)} JSON records per case, in-process (embedded broker in memory)`);
await benchFilterMap();
await benchWindowCount();
await benchJoin();
