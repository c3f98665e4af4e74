/**
 * `sluice run` and `sluice export` as a user runs them: a pipeline on the embedded broker served to
 * an outside client (kafkajs) with progress lines and a clean SIGTERM; an exported bundle copied
 * outside the checkout running with `--bootstrap` against `sluice broker`; two `sluice run
 * --bootstrap` processes of one pipeline sharing its partitions; `--describe`; refusals.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Broker } from '../engine/broker/broker.js';
import { KafkaClient } from '../engine/client/kafka-client.js';
import type { PipelineDocument } from '../engine/pipeline/document/schema.js';
import { startBrokerProcess, type BrokerProcess } from './support/broker-process.js';
import { LineProcess, run, waitForAny } from './support/processes.js';
import { waitForRecords } from './streams/runtime-support.js';

const SLUICE = join(import.meta.dirname, '..', 'bin', 'sluice.mjs');
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function writePipeline(doc: PipelineDocument): string {
  const file = join(tempDir('sluice-run-doc-'), `${doc.name}.sluice.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

function startProcess(name: string, command: string, args: string[]): LineProcess {
  const child = new LineProcess(name, command, args);
  cleanup.push(() => child.stop());
  return child;
}

function client(bootstrap: string): KafkaClient {
  const c = new KafkaClient({ brokers: [bootstrap] });
  cleanup.push(() => c.close());
  return c;
}

async function broker(): Promise<BrokerProcess> {
  const b = await startBrokerProcess({ config: { 'group.min.session.timeout.ms': '500' } });
  cleanup.push(() => b.stop());
  return b;
}

const listening = (p: LineProcess) => p.stdout.find((l) => l.startsWith('listening on '))?.slice('listening on '.length);

const datagenDoc: PipelineDocument = {
  format: 'sluice.pipeline/v1',
  name: 'hot-sensors',
  nodes: [
    { id: 'sensors', kind: 'source.datagen@1', config: { generator: 'iot', seed: 3, ratePerSec: 500 } },
    { id: 'hot', kind: 'transform.filter@1', config: { expr: 'value.temperature > 20' } },
    { id: 'out', kind: 'sink.topic@1', config: { topic: 'hot' } },
  ],
  edges: [
    { from: 'sensors', to: 'hot' },
    { from: 'hot', to: 'out' },
  ],
};

const topicDoc: PipelineDocument = {
  format: 'sluice.pipeline/v1',
  name: 'shout',
  nodes: [
    { id: 'in', kind: 'source.topic@1', config: { topic: 'words', format: 'string' } },
    { id: 'upper', kind: 'transform.filter@1', config: { expr: 'value != null' } },
    { id: 'out', kind: 'sink.topic@1', config: { topic: 'shouted', format: 'string' } },
  ],
  edges: [
    { from: 'in', to: 'upper' },
    { from: 'upper', to: 'out' },
  ],
};

describe('sluice run', () => {
  it('runs on the embedded broker, serves it with --listen, logs progress and stops cleanly on SIGTERM', async () => {
    const file = writePipeline(datagenDoc);
    const dataDir = tempDir('sluice-run-data-');
    const proc = startProcess('sluice run', process.execPath, [SLUICE, 'run', file, '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--progress-interval', '200']);
    await proc.waitFor('the listening and running lines', () => listening(proc) !== undefined && proc.stdout.includes('running hot-sensors'));
    const records = await waitForRecords(client(listening(proc)!), 'hot', 20);
    for (const r of records) expect((JSON.parse(r.value!.toString()) as { temperature: number }).temperature).toBeGreaterThan(20);
    await proc.waitFor('a progress line with output', () => proc.stderr.some((l) => /progress \[tasks 0_0\]: sensors .* \| out .*\/s out \([1-9]\d* total/.test(l)));
    const exit = await proc.stop();
    expect(exit.code).toBe(0);
    expect(proc.stderr.join('\n')).toMatch(/SIGTERM: stopping \(committing and leaving the group\)[\s\S]*stopped cleanly/);
  });

  it('--threads 2 shares the tasks between two stream threads on the embedded broker', async () => {
    const dataDir = tempDir('sluice-run-threads-');
    const prepared = await Broker.open({ dataDir });
    await prepared.createTopic('words', { partitions: 2 });
    await prepared.close();
    const args = [SLUICE, 'run', writePipeline(topicDoc), '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--threads', '2', '--progress-interval', '200'];
    const proc = startProcess('sluice run --threads 2', process.execPath, args);
    await proc.waitFor('the listening and running lines', () => listening(proc) !== undefined && proc.stdout.includes('running shout'));
    expect(proc.stderr.join('\n')).toContain('running pipeline shout (3 nodes) on 2 stream threads on the embedded broker');
    const kafka = client(listening(proc)!);
    const words = Array.from({ length: 200 }, (_, i) => `word-${i}`);
    await kafka.produce('words', words.map((w, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(w) })));
    const out = await waitForRecords(kafka, 'shouted', words.length);
    expect(new Set(out.map((r) => r.value!.toString()))).toEqual(new Set(words));
    await proc.waitFor('progress with both tasks and every record', () => proc.stderr.some((l) => /progress \[tasks 0_0,0_1\]: .* \| out .*\(200 total/.test(l)));
    const exit = await proc.stop();
    expect(exit.code).toBe(0);
    expect(proc.stderr.join('\n')).toMatch(/stopped cleanly/);
  });

  it('refuses --threads outside 1 to 64', async () => {
    const result = await run(process.execPath, [SLUICE, 'run', writePipeline(topicDoc), '--threads', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr.toString()).toContain('--threads expects a whole number from 1 to 64, got "0"');
  });

  it('refuses an invalid file with every error in the validate format', async () => {
    const doc = structuredClone(datagenDoc);
    doc.nodes[1]!.config = { expr: 'value.temperature >' };
    const result = await run(process.execPath, [SLUICE, 'run', writePipeline(doc), '--data-dir', tempDir('sluice-run-bad-')]);
    expect(result.code).toBe(2);
    expect(result.stderr.toString()).toMatch(/error PIP_EXPRESSION_INVALID at node "hot" field "expr" \(line 1, column \d+\)/);
  });

  it('two processes of one pipeline on a cluster (--bootstrap) share its partitions', async () => {
    const b = await broker();
    const kafka = client(b.bootstrap);
    await kafka.createTopics([{ name: 'words', partitions: 2 }]);
    const file = writePipeline(topicDoc);
    const args = [SLUICE, 'run', file, '--bootstrap', b.bootstrap, '--progress-interval', '200'];
    const first = startProcess('run-1', process.execPath, args);
    const second = startProcess('run-2', process.execPath, args);
    const oneTaskEach = () => [first, second].every((p) => p.stderr.some((l) => /progress \[tasks 0_[01]\]:/.test(l)));
    await waitForAny([first, second], 'one task each after the rebalance', oneTaskEach, 40_000);
    const words = Array.from({ length: 200 }, (_, i) => `word-${i}`);
    await kafka.produce('words', words.map((w, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(w) })));
    const out = await waitForRecords(kafka, 'shouted', words.length, 40_000);
    expect(new Set(out.map((r) => r.value!.toString()))).toEqual(new Set(words));
    const [exit1, exit2] = await Promise.all([first.stop(), second.stop()]);
    expect([exit1.code, exit2.code]).toEqual([0, 0]);
    const finalOut = (p: LineProcess) => Number(/\| out [^(]*\((\d+) total/.exec(p.stderr.filter((l) => l.includes('progress')).at(-1) ?? '')?.[1] ?? 0);
    expect(finalOut(first)).toBeGreaterThan(0);
    expect(finalOut(second)).toBeGreaterThan(0);
  });

  it('on a cluster, refuses a missing source topic naming its node instead of creating it', async () => {
    const b = await broker();
    const result = await run(process.execPath, [SLUICE, 'run', writePipeline(topicDoc), '--bootstrap', b.bootstrap]);
    expect(result.code).toBe(2);
    expect(result.stderr.toString()).toContain('source topic "words" (node "in") does not exist on the cluster');
    expect(await client(b.bootstrap).listTopics()).not.toContain('words');
  });
});

describe('sluice export', () => {
  it('--describe prints the topology and the plan', async () => {
    const result = await run(process.execPath, [SLUICE, 'export', writePipeline(datagenDoc), '--describe']);
    expect(result.code).toBe(0);
    const text = result.stdout.toString();
    expect(text).toContain('Source: sensors (topics: [hot-sensors-sensors-readings])');
    expect(text).toContain('Sink: out (topic: hot)');
    expect(text).toContain('Datagen:\n  sensors: iot seed 3');
  });

  it('writes a bundle that runs outside the checkout with --bootstrap, and on stream threads', async () => {
    const outDir = join(tempDir('sluice-export-'), 'bundle');
    const exported = await run(process.execPath, [SLUICE, 'export', writePipeline(datagenDoc), '--out', outDir]);
    expect(exported.code, exported.stderr.toString()).toBe(0);
    const pkg = JSON.parse(readFileSync(join(outDir, 'package.json'), 'utf8')) as { type: string; dependencies: Record<string, string> };
    expect(pkg.type).toBe('module');
    expect(Object.keys(pkg.dependencies)).toContain('@node-rs/crc32');
    expect(JSON.parse(readFileSync(join(outDir, 'pipeline.sluice.json'), 'utf8'))).toMatchObject({ name: 'hot-sensors' });
    const b = await broker();
    const runner = startProcess('run.mjs', process.execPath, [join(outDir, 'run.mjs'), '--bootstrap', b.bootstrap, '--progress-interval', '200']);
    await runner.waitFor('the running line', () => runner.stdout.includes('running hot-sensors'));
    const records = await waitForRecords(client(b.bootstrap), 'hot', 10, 30_000);
    expect(records.length).toBeGreaterThanOrEqual(10);
    expect((await runner.stop()).code).toBe(0);
    // Stream threads load the worker and topology modules written beside run.mjs.
    const threaded = startProcess('run.mjs --threads 2', process.execPath, [join(outDir, 'run.mjs'), '--data-dir', tempDir('sluice-export-data-'), '--listen', '127.0.0.1:0', '--threads', '2']);
    await threaded.waitFor('the listening and running lines', () => listening(threaded) !== undefined && threaded.stdout.includes('running hot-sensors'));
    expect(threaded.stderr.join('\n')).toContain('on 2 stream threads on the embedded broker');
    expect((await waitForRecords(client(listening(threaded)!), 'hot', 10, 30_000)).length).toBeGreaterThanOrEqual(10);
    expect((await threaded.stop()).code).toBe(0);
  });

  it('refuses to export without --out or --describe', async () => {
    const result = await run(process.execPath, [SLUICE, 'export', writePipeline(datagenDoc)]);
    expect(result.code).toBe(2);
    expect(result.stderr.toString()).toContain('needs --out DIR or --describe');
  });
});
