/**
 * Joins, named by the node id (Kafka's naming for a named join: `<nodeId>-this-windowed`,
 * `<nodeId>-merge`, stores `<nodeId>-this-join-store`, …):
 * - join.stream-stream@1: each side re-keyed first when leftKey/rightKey is set (processors
 *   `<nodeId>-left-key` / `<nodeId>-right-key`, so the join repartitions), then join / leftJoin /
 *   outerJoin with JoinWindows.ofTimeDifferenceAndGrace(windowMs, graceMs);
 * - join.stream-table@1: optional `<nodeId>-stream-key` re-key, then join / leftJoin (a lookup);
 * - join.table-table@1: join / leftJoin / outerJoin of two tables; the output is a table.
 * The joined value is `{ [leftAs]: left, [rightAs]: right }` (absent side: null).
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
  const options = { name: nodeId, storeName: topicSafe(nodeId) };
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
  const joined = config.type === 'inner' ? stream.join(table, joiner, { name: nodeId }) : stream.leftJoin(table, joiner, { name: nodeId });
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
