/**
 * Dispatch from a node kind (`type@version`) to its compiler. Every catalog kind has an entry; a
 * kind without one is a bug (the catalog test below the compiler checks the lists agree).
 */
import type { AggregateWindowConfig, BranchConfig, CodeConfig, FilterConfig, FlatMapConfig, MapConfig, SelectKeyConfig, SinkTopicConfig, SourceDatagenConfig, SourceTopicConfig, StreamStreamJoinConfig, StreamTableJoinConfig, TableTableJoinConfig, TableTopicConfig } from '../../catalog/index.js';
import type { CompileContext, NodeInput, NodeOutputs } from '../context.js';
import { compileAggregate } from './aggregate.js';
import { compileCode } from './code.js';
import { compileStreamStreamJoin, compileStreamTableJoin, compileTableTableJoin } from './joins.js';
import { compileSink } from './sink.js';
import { compileDatagen, compileSourceTopic, compileTableTopic } from './sources.js';
import { compileBranch, compileFilter, compileFlatMap, compileMap, compileMerge, compileSelectKey } from './transforms.js';

type KindCompiler = (ctx: CompileContext, node: NodeInput<never>) => NodeOutputs;

export const KIND_COMPILERS: Readonly<Record<string, KindCompiler>> = {
  'source.topic@1': (ctx, node: NodeInput<SourceTopicConfig>) => compileSourceTopic(ctx, node),
  'table.topic@1': (ctx, node: NodeInput<TableTopicConfig>) => compileTableTopic(ctx, node),
  'source.datagen@1': (ctx, node: NodeInput<SourceDatagenConfig>) => compileDatagen(ctx, node),
  'transform.filter@1': (_ctx, node: NodeInput<FilterConfig>) => compileFilter(node),
  'transform.map@1': (_ctx, node: NodeInput<MapConfig>) => compileMap(node),
  'transform.select-key@1': (_ctx, node: NodeInput<SelectKeyConfig>) => compileSelectKey(node),
  'transform.flat-map@1': (_ctx, node: NodeInput<FlatMapConfig>) => compileFlatMap(node),
  'transform.branch@1': (_ctx, node: NodeInput<BranchConfig>) => compileBranch(node),
  'transform.merge@1': (_ctx, node: NodeInput<unknown>) => compileMerge(node),
  'transform.code@1': (ctx, node: NodeInput<CodeConfig>) => compileCode(ctx, node),
  'aggregate.window@1': (_ctx, node: NodeInput<AggregateWindowConfig>) => compileAggregate(node),
  'join.stream-stream@1': (_ctx, node: NodeInput<StreamStreamJoinConfig>) => compileStreamStreamJoin(node),
  'join.stream-table@1': (_ctx, node: NodeInput<StreamTableJoinConfig>) => compileStreamTableJoin(node),
  'join.table-table@1': (_ctx, node: NodeInput<TableTableJoinConfig>) => compileTableTableJoin(node),
  'sink.topic@1': (ctx, node: NodeInput<SinkTopicConfig>) => compileSink(ctx, node),
};

/** Compiles one node of `kind`; the config was parsed by the kind's own schema. */
export function compileKind(ctx: CompileContext, kind: string, node: NodeInput<unknown>): NodeOutputs {
  const compiler = KIND_COMPILERS[kind];
  if (compiler === undefined) throw new Error(`no compiler for node kind ${kind}`);
  return compiler(ctx, node as NodeInput<never>);
}
