/**
 * Semantic tests of compiled pipelines through the TopologyTestDriver (no broker): windowed sums of
 * the DESIGN.md example, the dead-letter policy, code nodes (trusted and not), map/branch/flat-map.
 */
import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS, Serdes, TopologyTestDriver } from '../../streams/index.js';
import { designExample } from '../document/test-fixtures.js';
import type { PipelineDocument } from '../document/schema.js';
import { compilePipeline } from './index.js';

function compiled(doc: unknown, trusted = true) {
  const result = compilePipeline(doc, { trusted });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result;
}

function driverFor(doc: unknown, trusted = true): TopologyTestDriver {
  const { topology, plan } = compiled(doc, trusted);
  return new TopologyTestDriver(topology, { applicationId: plan.applicationId, errorPolicy: plan.taskErrorPolicy, deadLetterTopic: plan.deadLetterTopic });
}

const header = (headers: ReadonlyArray<{ key: string; value: Buffer | null }>, key: string) => headers.find((h) => h.key === key)?.value?.toString('utf8');

const pipeline = (nodes: PipelineDocument['nodes'], edges: PipelineDocument['edges']): PipelineDocument => ({ format: 'sluice.pipeline/v1', name: 'test', nodes, edges });

describe('compilePipeline semantics', () => {
  it('computes the DESIGN.md example: per-customer sums of big orders per minute, on window close', () => {
    const driver = driverFor(designExample());
    const input = driver.createInputTopic('orders', Serdes.String(), Serdes.JSON());
    const output = driver.createOutputTopic('big-orders-per-minute', Serdes.String(), Serdes.JSON());
    input.pipeInput('o1', { customer: 'alice', amount: 150 }, 1_000);
    input.pipeInput('o2', { customer: 'alice', amount: 200 }, 30_000);
    input.pipeInput('o3', { customer: 'bob', amount: 50 }, 40_000); // filtered out
    input.pipeInput('o4', { customer: 'bob', amount: 500 }, 59_999);
    expect(output.isEmpty()).toBe(true); // on-window-close: nothing before end + grace
    input.pipeInput('o5', { customer: 'carol', amount: 101 }, 65_000);
    expect(output.readKeyValuesToList()).toEqual([
      { key: 'alice', value: { windowStart: 0, windowEnd: 60_000, total: 350 } },
      { key: 'bob', value: { windowStart: 0, windowEnd: 60_000, total: 500 } },
    ]);
    driver.close();
  });

  it('sends a record that cannot be read to the dead-letter topic, naming the node, and keeps going', () => {
    const doc = designExample();
    doc.nodes = doc.nodes.map((n) => (n.id === 'per-min' ? { ...n, config: { ...n.config, emit: 'on-update' } } : n));
    const driver = driverFor(doc);
    driver.pipe('orders', Buffer.from('o1'), Buffer.from('{not json'), 1_000, []);
    const input = driver.createInputTopic('orders', Serdes.String(), Serdes.JSON());
    input.pipeInput('o2', { customer: 'alice', amount: 150 }, 2_000);
    const [dead] = driver.capturedRecords('orders-enriched.dlq');
    expect(dead?.value?.toString('utf8')).toBe('{not json');
    expect(header(dead?.headers ?? [], DLQ_HEADERS.node)).toBe('orders');
    const output = driver.createOutputTopic('big-orders-per-minute', Serdes.String(), Serdes.JSON());
    expect(output.readKeyValuesToList()).toEqual([{ key: 'alice', value: { windowStart: 0, windowEnd: 60_000, total: 150 } }]);
    driver.close();
  });

  const codeDoc = (source: string, settings?: PipelineDocument['settings']): PipelineDocument => ({
    ...pipeline(
      [
        { id: 'in', kind: 'source.topic@1', config: { topic: 'in' } },
        { id: 'enrich', kind: 'transform.code@1', config: { source } },
        { id: 'out', kind: 'sink.topic@1', config: { topic: 'out' } },
      ],
      [
        { from: 'in', to: 'enrich' },
        { from: 'enrich', to: 'out' },
      ],
    ),
    ...(settings ? { settings } : {}),
  });

  it('runs a code node over each record; a record it rejects is dead-lettered under its node id', () => {
    const source = `export default (record) => {
      if (record.value.bad) throw new Error('bad record');
      return { key: record.key, value: { ...record.value, doubled: record.value.n * 2 }, headers: { seen: 'yes' } };
    };`;
    const driver = driverFor(codeDoc(source));
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.JSON());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.JSON());
    input.pipeInput('a', { n: 2 }, 10);
    input.pipeInput('b', { bad: true }, 11);
    input.pipeInput('c', { n: 5 }, 12);
    const records = output.readRecordsToList();
    expect(records.map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['a', { n: 2, doubled: 4 }, 10],
      ['c', { n: 5, doubled: 10 }, 12],
    ]);
    expect(header(records[0]?.headers ?? [], 'seen')).toBe('yes');
    const [dead] = driver.capturedRecords('test.dlq');
    expect(header(dead?.headers ?? [], DLQ_HEADERS.node)).toBe('enrich');
    expect(header(dead?.headers ?? [], DLQ_HEADERS.message)).toContain('bad record');
    driver.close();
  });

  it('compiles an untrusted code node for describe, marks it in the plan, and refuses to run it', () => {
    const doc = codeDoc('export default (r) => r;');
    const { plan, topology } = compiled(doc, false);
    expect(plan.untrustedCodeNodes).toEqual(['enrich']);
    expect(() => new TopologyTestDriver(topology)).toThrow(/not trusted/);
  });

  it('maps immutably, routes branches by full scope and explodes arrays', () => {
    const doc = pipeline(
      [
        { id: 'in', kind: 'source.topic@1', config: { topic: 'in' } },
        {
          id: 'shape',
          kind: 'transform.map@1',
          config: {
            operations: [
              { op: 'set', field: 'value.meta.total', expr: 'value.price * value.qty' },
              { op: 'rename', from: 'value.qty', to: 'value.quantity' },
              { op: 'drop', field: 'value.price' },
            ],
          },
        },
        { id: 'route', kind: 'transform.branch@1', config: { conditions: [{ name: 'late', expr: 'timestamp > 100' }] } },
        { id: 'explode', kind: 'transform.flat-map@1', config: { field: 'value.tags', as: 'tag' } },
        { id: 'late-out', kind: 'sink.topic@1', config: { topic: 'late' } },
        { id: 'tags-out', kind: 'sink.topic@1', config: { topic: 'tags' } },
      ],
      [
        { from: 'in', to: 'shape' },
        { from: 'shape', to: 'route' },
        { from: 'route', fromPort: 'late', to: 'late-out' },
        { from: 'route', fromPort: 'default', to: 'explode' },
        { from: 'explode', to: 'tags-out' },
      ],
    );
    const driver = driverFor(doc);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.JSON());
    input.pipeInput('k', { price: 2, qty: 3, tags: ['x', 'y'] }, 50);
    input.pipeInput('k', { price: 1, qty: 1, tags: [] }, 500);
    const late = driver.createOutputTopic('late', Serdes.String(), Serdes.JSON()).readValuesToList();
    expect(late).toEqual([{ meta: { total: 1 }, quantity: 1, tags: [] }]);
    const tags = driver.createOutputTopic('tags', Serdes.String(), Serdes.JSON()).readKeyValuesToList();
    expect(tags.map((kv) => [kv.key, (kv.value as { tag: string }).tag])).toEqual([
      ['k', 'x'],
      ['k', 'y'],
    ]);
    driver.close();
  });

  it('refuses an invalid document with its diagnostics and never throws', () => {
    const result = compilePipeline({ format: 'nope' });
    expect(result.ok).toBe(false);
    expect(compilePipeline(null).ok).toBe(false);
  });
});
