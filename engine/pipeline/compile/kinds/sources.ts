/**
 * Sources: source.topic@1 → builder.stream, table.topic@1 → builder.table (materialized as
 * `<nodeId>-store`), source.datagen@1 → a stream over the internal topics the runtime's datagen
 * emitter writes (`<pipeline>-<nodeId>-<stream>`, string keys, JSON values). Each is recorded in
 * the plan. Processor names are the node ids.
 */
import { Serdes } from '../../../streams/index.js';
import type { SourceDatagenConfig, SourceTopicConfig, TableTopicConfig } from '../../catalog/index.js';
import { datagenOutputs } from '../../../connectors/registry.js';
import { single, streamPort, tablePort, type CompileContext, type NodeInput, type NodeOutputs } from '../context.js';
import { serdeFor, topicSafe } from '../values.js';

export function compileSourceTopic(ctx: CompileContext, node: NodeInput<SourceTopicConfig>): NodeOutputs {
  const { topic, format, keyFormat, startOffset } = node.config;
  ctx.plan.sources.push({ nodeId: node.nodeId, topic, as: 'stream', format, keyFormat, startOffset });
  const stream = ctx.builder.stream<unknown, unknown>(topic, { name: node.nodeId, keySerde: serdeFor(keyFormat), valueSerde: serdeFor(format) });
  return single(streamPort(stream));
}

export function compileTableTopic(ctx: CompileContext, node: NodeInput<TableTopicConfig>): NodeOutputs {
  const { topic, format, keyFormat } = node.config;
  ctx.plan.sources.push({ nodeId: node.nodeId, topic, as: 'table', format, keyFormat });
  const table = ctx.builder.table<unknown, unknown>(
    topic,
    { name: node.nodeId, keySerde: serdeFor(keyFormat), valueSerde: serdeFor(format) },
    { storeName: `${topicSafe(node.nodeId)}-store` },
  );
  return single(tablePort(table));
}

/** The internal topic a datagen output is written to. */
export const datagenTopic = (pipelineName: string, nodeId: string, stream: string): string => topicSafe(`${pipelineName}-${nodeId}-${stream}`);

export function compileDatagen(ctx: CompileContext, node: NodeInput<SourceDatagenConfig>): NodeOutputs {
  const outputs = datagenOutputs(node.config).map((stream) => ({ stream, topic: datagenTopic(ctx.pipelineName, node.nodeId, stream) }));
  if (outputs.length === 0) throw new Error(`datagen node "${node.nodeId}": generator "${node.config.generator}" has no outputs`);
  ctx.plan.datagen.push({ nodeId: node.nodeId, config: node.config, outputs });
  const topics = outputs.map((o) => o.topic);
  const stream = ctx.builder.stream<unknown, unknown>(topics, { name: node.nodeId, keySerde: Serdes.String() as never, valueSerde: Serdes.JSON() });
  return single(streamPort(stream));
}
