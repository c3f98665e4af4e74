/**
 * The host's run bookkeeping against a scripted PipelineRun (manual clock, no broker work): status
 * events on each state change and each tick, one run at a time, taps owned by their connection and
 * dropped when it closes or the run ends, refused starts. The real runtime is in run.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunState, TapBatch } from '../api/dto.js';
import { EngineError } from '../api/errors.js';
import type { PipelineDocument } from '../api/pipeline-document.js';
import type { CompiledPlan } from '../pipeline/compile/plan.js';
import type { PipelineRun, PipelineRunOptions, RunStatsSnapshot, TapHandle, TapSubscription } from '../pipeline/runtime/types.js';
import { ManualClock, type Disposable } from '../util/clock.js';
import { engineError, EventLog, openHostKit, type HostKit } from './test-kit.js';

class FakeTap implements TapHandle {
  disposed = false;
  constructor(
    readonly subscription: TapSubscription,
    readonly onBatch: (batch: Omit<TapBatch, 'tapId'>) => void,
  ) {}
  setFilter(filter: string | undefined) {
    return filter === 'bad' ? [{ code: 'PIP_EXPRESSION_INVALID', severity: 'error' as const, message: 'bad filter' }] : [];
  }
  dispose() {
    this.disposed = true;
  }
}

class FakeRun implements PipelineRun {
  static count = 0;
  readonly runId = `run-${++FakeRun.count}`;
  readonly plan = {} as CompiledPlan;
  readonly startedAtMs = 1000;
  readonly taps: FakeTap[] = [];
  readonly done: Promise<void>;
  recordsOut = 0;
  stopCalls = 0;
  lagReads = 0;
  settled = false;
  private current: RunState = 'running';
  private readonly listeners = new Set<(state: RunState) => void>();
  private settle: () => void = () => undefined;

  constructor(readonly doc: PipelineDocument) {
    this.done = new Promise((resolve) => (this.settle = resolve));
    void this.done.then(() => (this.settled = true));
  }
  state() {
    return this.current;
  }
  onStateChange(listener: (state: RunState) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }
  stats(): RunStatsSnapshot {
    const nodes = [{ nodeId: 'n', recordsIn: this.recordsOut, recordsOut: this.recordsOut, recordsInPerSec: 1, recordsOutPerSec: 1, errors: 0 }];
    return { state: this.current, nodes, edges: [], tasks: [], ...(this.current === 'failed' ? { error: { code: 'X_FAILED', message: 'it broke', nodeId: 'n' } } : {}) };
  }
  async refreshLag() {
    this.lagReads++;
  }
  tap(subscription: TapSubscription, onBatch: (batch: Omit<TapBatch, 'tapId'>) => void): TapHandle {
    const tap = new FakeTap(subscription, onBatch);
    this.taps.push(tap);
    return tap;
  }
  async stop() {
    this.stopCalls++;
    if (this.current !== 'failed') {
      this.set('stopping');
      this.set('stopped');
    }
    this.settle();
    await this.done;
  }
  set(state: RunState, { stillStopping = false } = {}) {
    this.current = state;
    for (const listener of this.listeners) listener(state);
    if (state === 'failed' && !stillStopping) this.settle();
  }
}

const doc = (name: string): PipelineDocument => ({ format: 'sluice.pipeline/v1', name, nodes: [], edges: [] });
const batch = (value: string): Omit<TapBatch, 'tapId'> => ({
  records: [{ timestamp: 1, key: null, value, valueBytes: value.length, truncated: false, headers: [] }],
  counters: { records: 1, recordsPerSec: 1, bytesPerSec: 1, matched: 1, dropped: 0, errors: 0 },
});

let kit: HostKit;
let clock: ManualClock;
let runs: FakeRun[];
let refuse: EngineError | undefined;
/** For each start: whether an earlier run was still shutting down then. */
let startedBesideLiveRun: boolean[];

beforeEach(async () => {
  clock = new ManualClock(0);
  runs = [];
  refuse = undefined;
  startedBesideLiveRun = [];
  const start = async (options: PipelineRunOptions) => {
    if (refuse !== undefined) throw refuse;
    startedBesideLiveRun.push(runs.some((r) => !r.settled));
    const run = new FakeRun(options.doc);
    runs.push(run);
    return run;
  };
  kit = await openHostKit({ startPipeline: start, clock, statusIntervalMs: 1000 });
});
afterEach(async () => {
  await kit.dispose();
});

describe('pipeline runs in the host', () => {
  it('reports every state change and ticks about once a second while running', async () => {
    const status = new EventLog(kit.client, 'run.status');
    const { runId } = await kit.client.api['pipelines.run']({ doc: doc('first') });
    await status.until((s) => s.state === 'running' && s.runId === runId, 'running');
    expect(status.events[0]).toMatchObject({ state: 'starting', runId: null, pipelineName: 'first' });
    const before = status.events.length;
    runs[0]!.recordsOut = 7;
    clock.advance(1000);
    const tick = await status.until((s) => s.nodes[0]?.recordsOut === 7, 'a tick with the new counters');
    expect(tick).toMatchObject({ state: 'running', runId, pipelineName: 'first', startedAtMs: 1000 });
    expect(status.events.length).toBe(before + 1);
    expect(runs[0]!.lagReads).toBe(1);
    expect(await kit.client.api['pipelines.stop']({})).toEqual({ stopped: true });
    await status.until((s) => s.state === 'stopped', 'stopped');
    expect(clock.pendingCount).toBe(0);
    expect(await kit.client.api['pipelines.stop']({})).toEqual({ stopped: false });
    expect(await kit.client.api['pipelines.status']({})).toMatchObject({ state: 'stopped', runId });
  });

  it('stops the running pipeline before starting another', async () => {
    await kit.client.api['pipelines.run']({ doc: doc('first') });
    const { runId } = await kit.client.api['pipelines.run']({ doc: doc('second') });
    expect(runs[0]!.stopCalls).toBe(1);
    expect(await kit.client.api['pipelines.status']({})).toMatchObject({ runId, pipelineName: 'second', state: 'running' });
  });

  it('sends tap batches only to the subscribing connection and drops its taps when it closes', async () => {
    const other = kit.connect();
    await kit.client.api['pipelines.run']({ doc: doc('first') });
    const mine = new EventLog(kit.client, 'tap.batch');
    const theirs = new EventLog(other, 'tap.batch');
    const { tapId } = await kit.client.api['taps.subscribe']({ target: { nodeId: 'n' }, filter: 'value != null', maxRecordsPerBatch: 10 });
    const { tapId: otherTap } = await other.api['taps.subscribe']({ target: { nodeId: 'n', port: 'out' } });
    expect(tapId).not.toBe(otherTap);
    const [tap, theirTap] = runs[0]!.taps;
    expect(tap!.subscription).toEqual({ target: { nodeId: 'n' }, filter: 'value != null', maxRecordsPerBatch: 10 });
    tap!.onBatch(batch('a'));
    theirTap!.onBatch(batch('b'));
    expect(await mine.until((b) => b.tapId === tapId, 'my batch')).toMatchObject({ records: [{ value: 'a' }] });
    await theirs.until((b) => b.tapId === otherTap, 'their batch');
    expect(mine.events.map((b) => b.tapId)).toEqual([tapId]);
    expect(theirs.events.map((b) => b.tapId)).toEqual([otherTap]);

    expect(await kit.client.api['taps.setFilter']({ tapId, filter: 'bad' })).toMatchObject({ diagnostics: [{ code: 'PIP_EXPRESSION_INVALID' }] });
    expect((await engineError(other.api['taps.setFilter']({ tapId, filter: 'x' }))).code).toBe('HOST_TAP_NOT_FOUND');
    await other.api['taps.unsubscribe']({ tapId }); // not theirs: ignored
    expect(tap!.disposed).toBe(false);

    other.close();
    expect(theirTap!.disposed).toBe(true);
    await kit.client.api['taps.unsubscribe']({ tapId });
    expect(tap!.disposed).toBe(true);
    await kit.client.api['taps.unsubscribe']({ tapId }); // twice is fine
  });

  it('drops every tap and the status timer when the run fails on its own, and says why', async () => {
    const status = new EventLog(kit.client, 'run.status');
    await kit.client.api['pipelines.run']({ doc: doc('first') });
    await kit.client.api['taps.subscribe']({ target: { nodeId: 'n' } });
    runs[0]!.set('failed');
    const failed = await status.until((s) => s.state === 'failed', 'failed');
    expect(failed.error).toEqual({ code: 'X_FAILED', message: 'it broke', nodeId: 'n' });
    expect(runs[0]!.taps[0]!.disposed).toBe(true);
    expect(clock.pendingCount).toBe(0);
    expect((await engineError(kit.client.api['taps.subscribe']({ target: { nodeId: 'n' } }))).code).toBe('HOST_NOT_RUNNING');
  });

  it('refuses taps with no run, and reports a refused start as a failed status naming the node', async () => {
    const error = await engineError(kit.client.api['taps.subscribe']({ target: { nodeId: 'n' } }));
    expect(error).toMatchObject({ code: 'HOST_NOT_RUNNING', domain: 'user' });
    expect(await kit.client.api['pipelines.status']({})).toEqual({ runId: null, pipelineName: null, state: 'idle', startedAtMs: null, nodes: [], edges: [] });
    const status = new EventLog(kit.client, 'run.status');
    refuse = new EngineError('PIP_INVALID', 'pipeline has errors at node "f"', { domain: 'user', nodeId: 'f' });
    const refused = await engineError(kit.client.api['pipelines.run']({ doc: doc('bad') }));
    expect(refused).toMatchObject({ code: 'PIP_INVALID', nodeId: 'f' });
    const failed = await status.until((s) => s.state === 'failed', 'failed status');
    expect(failed).toMatchObject({ pipelineName: 'bad', runId: null, error: { code: 'PIP_INVALID', nodeId: 'f' } });
  });

  it('stops the run when the host closes', async () => {
    await kit.client.api['pipelines.run']({ doc: doc('first') });
    await kit.host.close();
    expect(runs[0]!.stopCalls).toBe(1);
    expect((await engineError(kit.client.api['pipelines.status']({}))).code).toBe('API_DISCONNECTED');
  });
  it('lets a run that failed finish shutting down before the next run starts', async () => {
    const status = new EventLog(kit.client, 'run.status');
    await kit.client.api['pipelines.run']({ doc: doc('first') });
    runs[0]!.set('failed', { stillStopping: true }); // e.g. a datagen write failed: still committing and leaving the group
    await status.until((s) => s.state === 'failed', 'failed');
    await kit.client.api['pipelines.run']({ doc: doc('second') });
    expect(startedBesideLiveRun).toEqual([false, false]);
  });

  it('lets a run that failed finish shutting down before the host closes', async () => {
    const status = new EventLog(kit.client, 'run.status');
    await kit.client.api['pipelines.run']({ doc: doc('first') });
    runs[0]!.set('failed', { stillStopping: true });
    await status.until((s) => s.state === 'failed', 'failed');
    await kit.host.close();
    expect(runs[0]!.settled).toBe(true);
  });
  it('takes no tap for a connection that closed before its subscribe arrived', async () => {
    await kit.client.api['pipelines.run']({ doc: doc('first') });
    const other = kit.connect();
    const subscribe = other.api['taps.subscribe']({ target: { nodeId: 'n' } });
    other.close(); // the request is still on its way, as on a MessagePort
    expect((await engineError(subscribe)).code).toBe('API_DISCONNECTED');
    await kit.client.api['pipelines.status']({}); // sent after it, so answered after the host read it
    expect(runs[0]!.taps.filter((t) => !t.disposed)).toEqual([]);
  });
});
