/**
 * Join compilation: a side re-keyed before a join is repartitioned with the key format of the side
 * it joins (the table, or the stream that was not re-keyed), so that on topics with several
 * partitions equal keys land on the same partition (Kafka partitions by the key's bytes).
 */
import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../../../client/partitioner.js';
import { TopologyTestDriver } from '../../../streams/index.js';
import type { PipelineDocument } from '../../document/schema.js';
import { compilePipeline } from '../index.js';

function driverFor(doc: PipelineDocument): { driver: TopologyTestDriver; repartition: string } {
  const result = compilePipeline(doc, { trusted: true });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  const [repartition] = result.plan.internalTopics.repartition;
  if (repartition === undefined) throw new Error('expected a repartition topic');
  return { driver: new TopologyTestDriver(result.topology, { applicationId: result.plan.applicationId }), repartition };
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('join repartitions', () => {
  it('a stream re-keyed for a stream-table join is written with the table key format', () => {
    const { driver, repartition } = driverFor({
      format: 'sluice.pipeline/v1',
      name: 'enrich',
      nodes: [
        { id: 'orders', kind: 'source.topic@1', config: { topic: 'orders' } },
        { id: 'customers', kind: 'table.topic@1', config: { topic: 'customers' } },
        { id: 'join', kind: 'join.stream-table@1', config: { type: 'left', streamKey: 'value.customer' } },
        { id: 'out', kind: 'sink.topic@1', config: { topic: 'out' } },
      ],
      edges: [
        { from: 'orders', to: 'join', toPort: 'stream' },
        { from: 'customers', to: 'join', toPort: 'table' },
        { from: 'join', to: 'out' },
      ],
    });
    driver.pipe('customers', Buffer.from('c1'), json({ name: 'Ada' }), 1, []);
    driver.pipe('orders', Buffer.from('o1'), json({ customer: 'c1' }), 2, []);
    const [moved] = driver.capturedRecords(repartition);
    // The same bytes as the table's key `c1`, hence the same partition for any partition count.
    expect(moved?.key?.toString('utf8')).toBe('c1');
    expect(partitionForKey(moved!.key!, 6)).toBe(partitionForKey(Buffer.from('c1'), 6));
    const [joined] = driver.capturedRecords('out');
    expect(JSON.parse(joined!.value!.toString('utf8'))).toEqual({ stream: { customer: 'c1' }, table: { name: 'Ada' } });
    driver.close();
  });

  it('a stream re-keyed for a stream-stream join is written with the other side’s key format', () => {
    const { driver, repartition } = driverFor({
      format: 'sluice.pipeline/v1',
      name: 'paid',
      nodes: [
        { id: 'orders', kind: 'source.topic@1', config: { topic: 'orders' } },
        { id: 'payments', kind: 'source.topic@1', config: { topic: 'payments' } },
        { id: 'join', kind: 'join.stream-stream@1', config: { windowMs: 1000, rightKey: 'value.order' } },
        { id: 'out', kind: 'sink.topic@1', config: { topic: 'out' } },
      ],
      edges: [
        { from: 'orders', to: 'join', toPort: 'left' },
        { from: 'payments', to: 'join', toPort: 'right' },
        { from: 'join', to: 'out' },
      ],
    });
    driver.pipe('orders', Buffer.from('o1'), json({ amount: 5 }), 1, []);
    driver.pipe('payments', Buffer.from('p1'), json({ order: 'o1' }), 2, []);
    const [moved] = driver.capturedRecords(repartition);
    expect(moved?.key?.toString('utf8')).toBe('o1');
    const [joined] = driver.capturedRecords('out');
    expect(joined?.key?.toString('utf8')).toBe('o1');
    expect(JSON.parse(joined!.value!.toString('utf8'))).toEqual({ left: { amount: 5 }, right: { order: 'o1' } });
    driver.close();
  });
});
