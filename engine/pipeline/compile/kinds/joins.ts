/**
 * Joins, named by the node id (Kafka's naming for a named join: `<nodeId>-this-windowed`,
 * `<nodeId>-merge`, stores `<nodeId>-this-join-store`, …):
 * - join.stream-stream@1: each side re-keyed first when leftKey/rightKey is set (processors
 *   `<nodeId>-left-key` / `<nodeId>-right-key`, so the join repartitions), then join / leftJoin /
 *   outerJoin with JoinWindows.ofTimeDifferenceAndGrace(windowMs, graceMs);
 * - join.stream-table@1: optional `<nodeId>-stream-key` re-key, then join / leftJoin (a lookup);
 * - join.table-table@1: join / leftJoin / outerJoin of two tables; the output is a table.
 * The joined value is `{ [leftAs]: left, [rightAs]: right }` (absent side: null).
 *
 * A re-keyed side is repartitioned with the key serde of the side it joins (the table; the stream
 * that keeps its key), not the default JSON one: Kafka partitions by the key's bytes, so on topics
 * with several partitions `"c1"` and `c1` would land apart and the join would miss.
 */
import { JoinWindows } from '../../../streams/index.js';
import type { StreamStreamJoinConfig, StreamTableJoinConfig, TableTableJoinConfig } from '../../catalog/index.js';
import { inputStream, inputTable, single, streamPort, tablePort, type NodeInput, type NodeOutputs } from '../context.js';
import { topicSafe } from '../values.js';
import { rekey } from './transforms.js';

const pairOf =
  (leftAs: string, rightAs: string) =>
  (left: unknown, right: unknown): unknown => ({ [leftAs]: left ?? null, [rightAs]: right ?? null });

export function compileStreamStreamJoin(node: NodeInput<StreamStreamJoinConfig>): NodeOutputs {
  const { nodeId, config } = node;
  if (config.windowMs === undefined) throw new Error(`join node "${nodeId}" has no windowMs`);
  let left = inputStream(node, 'left');
  let right = inputStream(node, 'right');
  if (config.leftKey !== undefined) left = rekey(left, nodeId, `${nodeId}-left-key`, 'leftKey', config.leftKey);
  if (config.rightKey !== undefined) right = rekey(right, nodeId, `${nodeId}-right-key`, 'rightKey', config.rightKey);
  const windows = JoinWindows.ofTimeDifferenceAndGrace(config.windowMs, config.graceMs);
  const joiner = pairOf(config.output.leftAs, config.output.rightAs);
  // One side re-keyed: both sides use the other's key serde (both re-keyed: the default for both).
  const keySerde = left.repartitionRequired === right.repartitionRequired ? undefined : left.repartitionRequired ? right.keySerde : left.keySerde;
  const options = { name: nodeId, storeName: topicSafe(nodeId), ...(keySerde === undefined ? {} : { keySerde }) };
  const joined =
    config.type === 'inner' ? left.join(right, joiner, windows, options) : config.type === 'left' ? left.leftJoin(right, joiner, windows, options) : left.outerJoin(right, joiner, windows, options);
  return single(streamPort(joined));
}

export function compileStreamTableJoin(node: NodeInput<StreamTableJoinConfig>): NodeOutputs {
  const { nodeId, config } = node;
  let stream = inputStream(node, 'stream');
  if (config.streamKey !== undefined) stream = rekey(stream, nodeId, `${nodeId}-stream-key`, 'streamKey', config.streamKey);
  const table = inputTable(node, 'table');
  const joiner = pairOf(config.output.streamAs, config.output.tableAs);
  const options = { name: nodeId, ...(stream.repartitionRequired && table.keySerde !== undefined ? { keySerde: table.keySerde } : {}) };
  const joined = config.type === 'inner' ? stream.join(table, joiner, options) : stream.leftJoin(table, joiner, options);
  return single(streamPort(joined));
}

export function compileTableTableJoin(node: NodeInput<TableTableJoinConfig>): NodeOutputs {
  const { nodeId, config } = node;
  const left = inputTable(node, 'left');
  const right = inputTable(node, 'right');
  const joiner = pairOf(config.output.leftAs, config.output.rightAs);
  const options = { name: nodeId };
  const joined = config.type === 'inner' ? left.join(right, joiner, options) : config.type === 'left' ? left.leftJoin(right, joiner, options) : left.outerJoin(right, joiner, options);
  return single(tablePort(joined as never));
}
