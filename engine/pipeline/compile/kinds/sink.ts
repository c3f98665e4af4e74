/**
 * sink.topic@1 → to(topic) under the node id, with the serdes of its formats. A table input is
 * written as its stream of updates (`<nodeId>-to-stream`, tombstones included); a `key`
 * expression re-keys first (`<nodeId>-key`). The sink is recorded in the plan.
 */
import type { SinkTopicConfig } from '../../catalog/index.js';
import type { KStream } from '../../../streams/index.js';
import { type CompileContext, type NodeInput, type NodeOutputs } from '../context.js';
import { serdeFor } from '../values.js';
import { rekey } from './transforms.js';

export function compileSink(ctx: CompileContext, node: NodeInput<SinkTopicConfig>): NodeOutputs {
  const { nodeId, config } = node;
  const [input] = node.inputs.get('in') ?? [];
  if (input === undefined) throw new Error(`sink node "${nodeId}" has no input`);
  let stream: KStream<unknown, unknown> = input.type === 'stream' ? input.stream : (input.table.toStream({ name: `${nodeId}-to-stream` }) as KStream<unknown, unknown>);
  if (config.key !== undefined) stream = rekey(stream, nodeId, `${nodeId}-key`, 'key', config.key);
  stream.to(config.topic, { name: nodeId, keySerde: serdeFor(config.keyFormat), valueSerde: serdeFor(config.format) });
  ctx.plan.sinks.push({
    nodeId,
    topic: config.topic,
    ...(config.partitions === undefined ? {} : { partitions: config.partitions }),
    compression: config.compression,
    format: config.format,
    keyFormat: config.keyFormat,
  });
  return new Map();
}
