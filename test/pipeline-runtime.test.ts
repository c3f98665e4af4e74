/**
 * The pipeline runtime end to end on the embedded broker: a datagen → filter → sink document runs,
 * writes what the filter lets through, reports per-node counters and edge rates, taps deliver
 * batches (filtered engine-side), bad documents and untrusted code are refused with the node named,
 * and a failing code node under the `fail` policy fails the run naming that node.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Broker } from '../engine/broker/broker.js';
import { localBrokerAccess } from '../engine/client/broker-access.js';
import { InProcessClient } from '../engine/client/in-process-client.js';
import type { TapBatch } from '../engine/api/dto.js';
import type { PipelineDocument } from '../engine/pipeline/document/schema.js';
import { startPipeline, type PipelineRun } from '../engine/pipeline/runtime/index.js';
import { readTopic, waitForRecords } from './streams/runtime-support.js';

const open: Array<{ dispose(): Promise<void> }> = [];
afterEach(async () => {
  for (const r of open.splice(0).reverse()) await r.dispose();
});

async function embedded(): Promise<InProcessClient> {
  const broker = await Broker.open({ config: { 'group.initial.rebalance.delay.ms': '0', 'group.min.session.timeout.ms': '500' } });
  const client = new InProcessClient(broker);
  open.push({ dispose: async () => (await client.close(), await broker.close()) });
  return client;
}

function track(run: PipelineRun): PipelineRun {
  open.push({ dispose: () => run.stop() });
  return run;
}

const pipeline = (maxRecords = 200): PipelineDocument => ({
  format: 'sluice.pipeline/v1',
  name: 'iot-hot',
  nodes: [
    { id: 'sensors', kind: 'source.datagen@1', config: { generator: 'iot', seed: 7, ratePerSec: 0, maxRecords } },
    { id: 'hot', kind: 'transform.filter@1', config: { expr: 'value.temperature > 20' } },
    { id: 'out', kind: 'sink.topic@1', config: { topic: 'hot-readings' } },
  ],
  edges: [
    { from: 'sensors', to: 'hot' },
    { from: 'hot', to: 'out' },
  ],
});

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('startPipeline', () => {
  it('runs datagen → filter → sink and counts per node and edge', async () => {
    const client = await embedded();
    const run = track(await startPipeline({ doc: pipeline(), client, trusted: true, commitIntervalMs: 100 }));
    const generated = await waitForRecords(client, 'iot-hot-sensors-readings', 200);
    const expected = generated.filter((r) => (JSON.parse(r.value!.toString()) as { temperature: number }).temperature > 20).length;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(200);
    await waitForRecords(client, 'hot-readings', expected);
    const stats = await until(() => {
      const s = run.stats();
      return s.nodes.find((n) => n.nodeId === 'out')?.recordsOut === expected ? s : undefined;
    }, 'sink counters');
    const byId = new Map(stats.nodes.map((n) => [n.nodeId, n]));
    expect(byId.get('sensors')).toMatchObject({ recordsIn: 200, recordsOut: 200 });
    expect(byId.get('hot')).toMatchObject({ recordsIn: 200, recordsOut: expected, errors: 0 });
    expect(byId.get('out')).toMatchObject({ recordsIn: expected, recordsOut: expected });
    expect(stats.edges.map((e) => e.edgeIndex)).toEqual([0, 1]);
    expect(run.state()).toBe('running');
    await run.stop();
    expect(run.state()).toBe('stopped');
    expect((await readTopic(client, 'hot-readings')).length).toBe(expected);
    // A tap on a stopped run would be flushed every 100 ms forever: nothing would dispose it.
    expect(() => run.tap({ target: { nodeId: 'hot' } }, () => undefined)).toThrow(expect.objectContaining({ code: 'PIP_RUN_NOT_RUNNING', nodeId: 'hot' }));
  });

  it('runs on two stream threads: each takes a task, stats count every record (as of refreshLag), taps are refused', async () => {
    const broker = await Broker.open({ config: { 'group.initial.rebalance.delay.ms': '100', 'group.min.session.timeout.ms': '500' } });
    const client = new InProcessClient(broker);
    open.push({ dispose: async () => (await client.close(), await broker.close()) });
    const threads = { count: 2, connection: { broker: localBrokerAccess(broker) } };
    const run = track(await startPipeline({ doc: pipeline(), client, trusted: true, commitIntervalMs: 100, defaultPartitions: 2, threads }));
    const generated = await waitForRecords(client, 'iot-hot-sensors-readings', 200);
    const expected = generated.filter((r) => (JSON.parse(r.value!.toString()) as { temperature: number }).temperature > 20).length;
    await waitForRecords(client, 'hot-readings', expected);
    const stats = await until(async () => {
      await run.refreshLag();
      const s = run.stats();
      return s.nodes.find((n) => n.nodeId === 'out')?.recordsOut === expected && s.tasks.length === 2 ? s : undefined;
    }, 'both tasks and the sink counters');
    expect(stats.tasks).toEqual(['0_0', '0_1']);
    expect(stats.nodes.find((n) => n.nodeId === 'hot')).toMatchObject({ recordsIn: 200, recordsOut: expected });
    expect(() => run.tap({ target: { nodeId: 'hot' } }, () => undefined)).toThrow(expect.objectContaining({ code: 'PIP_TAP_THREADS', nodeId: 'hot' }));
    await run.stop();
    expect(run.state()).toBe('stopped');
    expect((await readTopic(client, 'hot-readings')).length).toBe(expected);
  });

  it('taps a node output with an engine-side filter, at most one batch per 100 ms', async () => {
    const client = await embedded();
    const run = track(await startPipeline({ doc: pipeline(100_000), client, trusted: true }));
    const batches: Array<Omit<TapBatch, 'tapId'>> = [];
    const tap = run.tap({ target: { nodeId: 'hot' }, filter: 'value.temperature > 25', maxRecordsPerBatch: 50 }, (b) => batches.push(b));
    const withRecords = await until(() => batches.find((b) => b.records.length > 0), 'a tap batch');
    expect(withRecords.records.length).toBeLessThanOrEqual(50);
    for (const record of withRecords.records) {
      expect((JSON.parse(record.value!) as { temperature: number }).temperature).toBeGreaterThan(25);
      expect(record.key).toMatch(/.+/);
    }
    expect(withRecords.counters.records).toBeGreaterThanOrEqual(withRecords.counters.matched);
    expect(tap.setFilter('value.temperature >')).toEqual([expect.objectContaining({ code: 'PIP_TAP_BAD_FILTER', nodeId: 'hot', position: 19 })]);
    tap.dispose();
    expect(() => run.tap({ target: { nodeId: 'nope' } }, () => undefined)).toThrow(/no node "nope"/);
    expect(() => run.tap({ target: { nodeId: 'hot' }, filter: '(((' }, () => undefined)).toThrow(/tap filter/);
  });

  it('refuses a document with errors, naming the node and field', async () => {
    const client = await embedded();
    const doc = pipeline();
    doc.nodes[1]!.config = { expr: 'value.temperature >' };
    await expect(startPipeline({ doc, client, trusted: true })).rejects.toMatchObject({ code: 'PIP_INVALID', nodeId: 'hot', message: expect.stringContaining('field "expr"') });
  });

  it('refuses untrusted code nodes, and fails the run at the code node under the fail policy', async () => {
    const client = await embedded();
    const doc: PipelineDocument = {
      ...pipeline(50),
      settings: { errorPolicy: 'fail' },
      nodes: [
        pipeline(50).nodes[0]!,
        { id: 'boom', kind: 'transform.code@1', config: { source: 'export default function (record) { if (record.value.temperature > 0) throw new Error("sensor exploded"); return record; }' } },
        pipeline(50).nodes[2]!,
      ],
      edges: [
        { from: 'sensors', to: 'boom' },
        { from: 'boom', to: 'out' },
      ],
    };
    await expect(startPipeline({ doc, client, trusted: false })).rejects.toMatchObject({ code: 'CODE_NODE_UNTRUSTED', nodeId: 'boom' });
    const run = track(await startPipeline({ doc, client, trusted: true }));
    await run.done;
    expect(run.state()).toBe('failed');
    expect(run.stats().error).toMatchObject({ nodeId: 'boom', message: expect.stringContaining('sensor exploded') });
  });
});
