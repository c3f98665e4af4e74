/**
 * A real pipeline (datagen → filter → sink) run through the host with the pipeline runtime on the
 * embedded broker: status events with rising counters, a tap with records for its subscriber only,
 * filter changes, unsubscribe, stop. Waits for events, never sleeps.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../api/pipeline-document.js';
import { engineError, EventLog, openHostKit, type HostKit } from './test-kit.js';

const doc: PipelineDocument = {
  format: 'sluice.pipeline/v1',
  name: 'hot-sensors',
  nodes: [
    { id: 'gen', kind: 'source.datagen@1', config: { generator: 'iot', ratePerSec: 500, sensors: 5 } },
    { id: 'keep', kind: 'transform.filter@1', config: { expr: 'value.battery >= 0' } },
    { id: 'out', kind: 'sink.topic@1', config: { topic: 'readings-out' } },
  ],
  edges: [
    { from: 'gen', to: 'keep' },
    { from: 'keep', to: 'out' },
  ],
};

let kit: HostKit;
beforeEach(async () => {
  kit = await openHostKit({ statusIntervalMs: 100 });
});
afterEach(async () => {
  await kit.dispose();
});

describe('a real run through the host', () => {
  it('runs, reports rising counters, taps a node, and stops', async () => {
    const status = new EventLog(kit.client, 'run.status');
    const other = kit.connect();
    const otherBatches = new EventLog(other, 'tap.batch');
    const otherStatus = new EventLog(other, 'run.status');

    const { runId } = await kit.client.api['pipelines.run']({ doc });
    const outOf = (s: { nodes: Array<{ nodeId: string; recordsOut: number }> }) => s.nodes.find((n) => n.nodeId === 'keep')?.recordsOut ?? 0;
    const first = await status.until((s) => s.runId === runId && s.state === 'running' && outOf(s) > 0, 'records through the filter');
    await status.until((s) => s.runId === runId && outOf(s) > outOf(first), 'rising counters');
    await otherStatus.until((s) => s.runId === runId && s.state === 'running', 'the status on the other connection too');

    const batches = new EventLog(kit.client, 'tap.batch');
    const { tapId } = await kit.client.api['taps.subscribe']({ target: { nodeId: 'keep' }, maxRecordsPerBatch: 50 });
    const withRecords = await batches.until((b) => b.tapId === tapId && b.records.length > 0, 'a tap batch with records');
    expect(withRecords.records.length).toBeLessThanOrEqual(50);
    expect(JSON.parse(withRecords.records[0]!.value!)).toHaveProperty('sensorId');

    const bad = await kit.client.api['taps.setFilter']({ tapId, filter: 'value.battery >' });
    expect(bad.diagnostics[0]).toMatchObject({ severity: 'error' });
    expect(await kit.client.api['taps.setFilter']({ tapId, filter: 'value.battery > 1000' })).toEqual({ diagnostics: [] });
    const unknown = await engineError(kit.client.api['taps.subscribe']({ target: { nodeId: 'nope' } }));
    expect(unknown.code).toBe('PIP_TAP_UNKNOWN_TARGET');
    await kit.client.api['taps.unsubscribe']({ tapId });

    expect(await kit.client.api['pipelines.stop']({})).toEqual({ stopped: true });
    await status.until((s) => s.runId === runId && s.state === 'stopped', 'the stopped status');
    expect(otherBatches.events).toEqual([]);
    const written = await kit.client.api['topics.consume']({ topic: 'readings-out', from: { type: 'beginning' }, limit: 5 });
    expect(written.records.length).toBeGreaterThan(0);
    expect((await engineError(kit.client.api['taps.subscribe']({ target: { nodeId: 'keep' } }))).code).toBe('HOST_NOT_RUNNING');
  });

  it('refuses an invalid document, naming the node', async () => {
    const broken: PipelineDocument = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'keep' ? { ...n, config: { expr: 'value.battery >' } } : n)) };
    const error = await engineError(kit.client.api['pipelines.run']({ doc: broken }));
    expect(error).toMatchObject({ domain: 'user', nodeId: 'keep' });
    expect(await kit.client.api['pipelines.status']({})).toMatchObject({ state: 'failed', error: { nodeId: 'keep' } });
  });

  it('broadcasts the failed status with its error, naming the node, when a run fails on its own', async () => {
    const failing: PipelineDocument = {
      format: 'sluice.pipeline/v1',
      name: 'exploding',
      settings: { errorPolicy: 'fail' },
      nodes: [
        { id: 'gen', kind: 'source.datagen@1', config: { generator: 'iot', ratePerSec: 0, maxRecords: 20 } },
        { id: 'boom', kind: 'transform.code@1', config: { source: 'export default function (record) { throw new Error("sensor exploded"); }' } },
        { id: 'out', kind: 'sink.topic@1', config: { topic: 'never-written' } },
      ],
      edges: [
        { from: 'gen', to: 'boom' },
        { from: 'boom', to: 'out' },
      ],
    };
    const status = new EventLog(kit.client, 'run.status');
    const { runId } = await kit.client.api['pipelines.run']({ doc: failing, trusted: true });
    const ended = await status.until((s) => s.runId === runId && ['failed', 'stopped'].includes(s.state), 'the run to end');
    expect(ended).toMatchObject({ state: 'failed', error: { nodeId: 'boom', message: expect.stringContaining('sensor exploded') } });
    expect(status.events.filter((s) => s.runId === runId && s.state === 'stopped')).toEqual([]);
  });
});
