/**
 * Node definitions of a physical topology (what Kafka's InternalTopologyBuilder keeps):
 * sources read topics, processors run a supplied Processor, sinks write a topic. Topic names are
 * logical: internal topics (repartition, changelog) are decorated with the application id only
 * when a task runs, so one Topology serves any application id.
 */
import type { ProcessorSupplier, TimestampExtractor } from '../processor/api.js';
import type { Serde } from '../serdes/serde.js';

/** Kafka's StreamPartitioner: a partition in [0, numPartitions), or undefined for the default. */
export type StreamPartitioner<K = unknown, V = unknown> = (topic: string, key: K, value: V, numPartitions: number) => number | undefined;

interface BaseNodeDef {
  readonly name: string;
  readonly predecessors: string[];
  readonly successors: string[];
}

export interface SourceNodeDef extends BaseNodeDef {
  readonly kind: 'source';
  readonly topics: string[];
  readonly keySerde?: Serde<unknown>;
  readonly valueSerde?: Serde<unknown>;
  readonly timestampExtractor?: TimestampExtractor;
}

export interface ProcessorNodeDef extends BaseNodeDef {
  readonly kind: 'processor';
  readonly supplier: ProcessorSupplier<unknown, unknown, unknown, unknown>;
  readonly stores: string[];
}

export interface SinkNodeDef extends BaseNodeDef {
  readonly kind: 'sink';
  readonly topic: string;
  readonly keySerde?: Serde<unknown>;
  readonly valueSerde?: Serde<unknown>;
  readonly partitioner?: StreamPartitioner;
}

export type NodeDef = SourceNodeDef | ProcessorNodeDef | SinkNodeDef;

export interface SourceOptions<K = unknown, V = unknown> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  timestampExtractor?: TimestampExtractor<K, V>;
}

export interface SinkOptions<K = unknown, V = unknown> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  partitioner?: StreamPartitioner<K, V>;
}

export interface RepartitionTopicDef {
  readonly name: string;
  /** Fixed by `repartition({ numberOfPartitions })`; otherwise derived from the upstream sources. */
  readonly numberOfPartitions?: number;
}

export interface Subtopology {
  readonly id: number;
  /** Node names in the order they were added. */
  readonly nodes: string[];
  /** Logical topic names this sub-topology reads (external and repartition). */
  readonly sourceTopics: string[];
  readonly sinkTopics: string[];
  readonly stores: string[];
}
