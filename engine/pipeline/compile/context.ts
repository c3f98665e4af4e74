/**
 * The state one compilation threads through the per-kind compilers: the StreamsBuilder, what each
 * node output port produces (a KStream or a KTable), the plan being collected, and `derive` — the
 * helper that adds a Processor-API processor under a chosen name and wraps it as a KStream.
 *
 * Why `derive`: the DSL's filter/branch/selectKey callbacks see only (key, value), but pipeline
 * expressions also read headers and the timestamp, and KStream#process always marks a repartition.
 * `derive` is the missing KStream#processValues: the caller says whether the key may change
 * (`repartition`), so the topology marks repartitions exactly where the catalog's `changesKey`
 * and the validator say it does.
 */
import { KStream, type KTable, type ProcessorSupplier, type Serde, type StreamsBuilder } from '../../streams/index.js';
import type { CompiledPlan } from './plan.js';

export type Port = { type: 'stream'; stream: KStream<unknown, unknown> } | { type: 'table'; table: KTable<unknown, unknown> };

export interface CompileContext {
  readonly builder: StreamsBuilder;
  readonly pipelineName: string;
  readonly trusted: boolean;
  readonly plan: CompiledPlan;
}

/** One node to compile: its id, parsed config and its inputs per input port (in edge order). */
export interface NodeInput<C> {
  readonly nodeId: string;
  readonly config: C;
  readonly inputs: ReadonlyMap<string, readonly Port[]>;
  /** Whether the node's output may carry another key than its input (catalog `changesKey`). */
  readonly changesKey: boolean;
}

/** What a node compiler returns: its output ports. */
export type NodeOutputs = ReadonlyMap<string, Port>;

type AnySupplier = ProcessorSupplier<unknown, unknown, unknown, unknown>;

export interface DeriveOptions {
  /** Whether the key may have changed (the next grouping or join repartitions). */
  repartition?: boolean;
  keySerde?: Serde<unknown> | undefined;
  valueSerde?: Serde<unknown> | undefined;
}

/** Adds processor `name` below `parents` and returns its output as a KStream. */
export function derive(parents: readonly KStream<unknown, unknown>[], name: string, supplier: AnySupplier, options: DeriveOptions = {}): KStream<unknown, unknown> {
  const [first] = parents;
  if (first === undefined) throw new Error(`processor ${name} has no input`);
  first.builder.topology.addProcessor(name, supplier, ...parents.map((p) => p.name));
  const sources = [...new Set(parents.flatMap((p) => p.sourceNodes))];
  const repartition = (options.repartition ?? false) || parents.some((p) => p.repartitionRequired);
  const keySerde = 'keySerde' in options ? options.keySerde : first.keySerde;
  const valueSerde = 'valueSerde' in options ? options.valueSerde : first.valueSerde;
  return new KStream<unknown, unknown>(first.builder, name, keySerde, valueSerde, sources, repartition);
}

export const streamPort = (stream: KStream<unknown, unknown>): Port => ({ type: 'stream', stream });
export const tablePort = (table: KTable<unknown, unknown>): Port => ({ type: 'table', table });
export const single = (port: Port): NodeOutputs => new Map([['out', port]]);

/** The one stream at input `port` (a table is turned into its update stream by the caller). */
export function inputStream(node: NodeInput<unknown>, port = 'in'): KStream<unknown, unknown> {
  const [first] = node.inputs.get(port) ?? [];
  if (first === undefined) throw new Error(`node "${node.nodeId}": input port "${port}" is not connected`);
  if (first.type !== 'stream') throw new Error(`node "${node.nodeId}": input port "${port}" needs a stream`);
  return first.stream;
}

export function inputTable(node: NodeInput<unknown>, port: string): KTable<unknown, unknown> {
  const [first] = node.inputs.get(port) ?? [];
  if (first === undefined || first.type !== 'table') throw new Error(`node "${node.nodeId}": input port "${port}" needs a table`);
  return first.table;
}
