/**
 * Topology: the physical graph a StreamTask runs — Kafka's `Topology` (the public Processor-API
 * builder) and the parts of InternalTopologyBuilder a runtime needs: sub-topologies, source and
 * internal topics, stores and co-partitioning groups.
 *
 * Invariants: node names are unique; a topic is read by at most one source; every processor and
 * sink has at least one existing, non-sink parent; sub-topologies are the connected components of
 * the graph where processors sharing a store are connected, numbered in the order their first node
 * was added (as Kafka numbers them). Repartition topics split sub-topologies: the sink writing one
 * and the source reading it are not connected.
 */
import { topologyError } from '../errors.js';
import type { ProcessorSupplier } from '../processor/api.js';
import { Serdes, type Serde } from '../serdes/serde.js';
import type { StoreBuilder } from '../stores/state-store.js';
import { describeTopology, type TopologyDescription } from './describe.js';
import type {
  NodeDef,
  ProcessorNodeDef,
  RepartitionTopicDef,
  SinkNodeDef,
  SinkOptions,
  SourceNodeDef,
  SourceOptions,
  Subtopology,
} from './nodes.js';
import { checkCopartitioning, copartitionGroups, resolvePartitionCounts, type PartitionCounts } from './partitions.js';

export class Topology {
  readonly nodes = new Map<string, NodeDef>();
  readonly stores = new Map<string, StoreBuilder>();
  readonly repartitionTopics = new Map<string, RepartitionTopicDef>();
  /** Groups of source-node names whose topics must be co-partitioned. */
  readonly copartitionSourceGroups: string[][] = [];
  private readonly topicToSource = new Map<string, string>();
  defaultKeySerde: Serde<unknown>;
  defaultValueSerde: Serde<unknown>;

  constructor(options: { defaultKeySerde?: Serde<unknown>; defaultValueSerde?: Serde<unknown> } = {}) {
    this.defaultKeySerde = options.defaultKeySerde ?? Serdes.JSON();
    this.defaultValueSerde = options.defaultValueSerde ?? Serdes.JSON();
  }

  addSource<K, V>(name: string, topics: string | string[], options: SourceOptions<K, V> = {}): this {
    this.requireNewName(name);
    const list = typeof topics === 'string' ? [topics] : [...topics];
    if (list.length === 0) throw topologyError(`source ${name} must have at least one topic`);
    for (const topic of list) {
      const owner = this.topicToSource.get(topic);
      if (owner !== undefined) throw topologyError(`Topic ${topic} has already been registered by another source (${owner}).`);
    }
    for (const topic of list) this.topicToSource.set(topic, name);
    const node: SourceNodeDef = { kind: 'source', name, topics: list, predecessors: [], successors: [], ...(options as SourceOptions) };
    this.nodes.set(name, node);
    return this;
  }

  addProcessor<KIn, VIn, KOut, VOut>(name: string, supplier: ProcessorSupplier<KIn, VIn, KOut, VOut>, ...parentNames: string[]): this {
    this.requireNewName(name);
    this.requireParents(name, parentNames);
    const node: ProcessorNodeDef = {
      kind: 'processor',
      name,
      supplier: supplier as unknown as ProcessorSupplier<unknown, unknown, unknown, unknown>,
      stores: [],
      predecessors: [],
      successors: [],
    };
    this.nodes.set(name, node);
    this.connect(name, parentNames);
    return this;
  }

  addSink<K, V>(name: string, topic: string, options: SinkOptions<K, V> = {}, ...parentNames: string[]): this {
    this.requireNewName(name);
    this.requireParents(name, parentNames);
    const node: SinkNodeDef = { kind: 'sink', name, topic, predecessors: [], successors: [], ...(options as SinkOptions) };
    this.nodes.set(name, node);
    this.connect(name, parentNames);
    return this;
  }

  addStateStore(builder: StoreBuilder, ...processorNames: string[]): this {
    if (this.stores.has(builder.name)) throw topologyError(`StateStore ${builder.name} is already added.`);
    this.stores.set(builder.name, builder);
    this.connectProcessorAndStateStores(processorNames, builder.name);
    return this;
  }

  connectProcessorAndStateStores(processorNames: string | string[], ...storeNames: string[]): this {
    for (const processorName of typeof processorNames === 'string' ? [processorNames] : processorNames) {
      const node = this.nodes.get(processorName);
      if (!node || node.kind !== 'processor') throw topologyError(`Processor ${processorName} is not added yet.`);
      for (const store of storeNames) {
        if (!this.stores.has(store)) throw topologyError(`StateStore ${store} is not added yet.`);
        if (!node.stores.includes(store)) node.stores.push(store);
      }
    }
    return this;
  }

  /** Marks `topic` as an internal repartition topic (decorated `<applicationId>-<topic>` at runtime). */
  addRepartitionTopic(topic: string, numberOfPartitions?: number): this {
    this.repartitionTopics.set(topic, numberOfPartitions === undefined ? { name: topic } : { name: topic, numberOfPartitions });
    return this;
  }

  /** Declares that the topics read by these sources must be co-partitioned (joins). */
  copartitionSources(sourceNames: Iterable<string>): this {
    const group = [...new Set(sourceNames)];
    if (group.length > 1) this.copartitionSourceGroups.push(group);
    return this;
  }

  isRepartitionTopic(topic: string): boolean {
    return this.repartitionTopics.has(topic);
  }

  subtopologies(): Subtopology[] {
    const parent = new Map<string, string>();
    const find = (n: string): string => {
      let root = n;
      while (parent.get(root) !== root) root = parent.get(root) ?? root;
      parent.set(n, root);
      return root;
    };
    const union = (a: string, b: string) => parent.set(find(a), find(b));
    for (const name of this.nodes.keys()) parent.set(name, name);
    const storeOwner = new Map<string, string>();
    for (const node of this.nodes.values()) {
      for (const p of node.predecessors) union(node.name, p);
      if (node.kind !== 'processor') continue;
      for (const store of node.stores) {
        const owner = storeOwner.get(store);
        if (owner === undefined) storeOwner.set(store, node.name);
        else union(node.name, owner);
      }
    }
    const groups = new Map<string, string[]>();
    for (const name of this.nodes.keys()) {
      const root = find(name);
      const group = groups.get(root) ?? [];
      group.push(name);
      groups.set(root, group);
    }
    return [...groups.values()].map((names, id) => {
      const defs = names.map((n) => this.node(n));
      return {
        id,
        nodes: names,
        sourceTopics: defs.flatMap((d) => (d.kind === 'source' ? d.topics : [])),
        sinkTopics: [...new Set(defs.flatMap((d) => (d.kind === 'sink' ? [d.topic] : [])))],
        stores: [...new Set(defs.flatMap((d) => (d.kind === 'processor' ? d.stores : [])))],
      };
    });
  }

  subtopology(id: number): Subtopology {
    const found = this.subtopologies()[id];
    if (!found) throw topologyError(`there is no sub-topology ${id}`);
    return found;
  }

  node(name: string): NodeDef {
    const node = this.nodes.get(name);
    if (!node) throw topologyError(`unknown node ${name}`);
    return node;
  }

  /** External (user) topics the topology reads. */
  sourceTopics(): string[] {
    return [...this.topicToSource.keys()].filter((t) => !this.repartitionTopics.has(t));
  }

  /** External topics the topology writes. */
  sinkTopics(): string[] {
    const sinks = [...this.nodes.values()].flatMap((n) => (n.kind === 'sink' ? [n.topic] : []));
    return [...new Set(sinks)].filter((t) => !this.repartitionTopics.has(t));
  }

  /** Logical repartition topic names (`<name>-repartition`); decorate with the application id. */
  repartitionTopicNames(): string[] {
    return [...this.repartitionTopics.keys()];
  }

  /** Store name → logical changelog topic (`<store>-changelog`), for stores with logging enabled. */
  changelogTopics(): Map<string, string> {
    const out = new Map<string, string>();
    for (const store of this.stores.values()) if (store.loggingEnabled) out.set(store.name, `${store.name}-changelog`);
    return out;
  }

  /** Sets of logical topic names that must have the same number of partitions. */
  copartitionGroups(): string[][] {
    return copartitionGroups(this);
  }

  /** Throws a STREAMS_NOT_COPARTITIONED StreamsError naming the topics and their counts. */
  checkCopartitioning(partitionCounts: PartitionCounts): void {
    checkCopartitioning(this, partitionCounts);
  }

  /**
   * Partition counts of every internal topic (repartition and changelog, logical names) and the
   * number of tasks of every sub-topology, from the partition counts of the external source topics.
   */
  resolvePartitionCounts(sourceTopicCounts: PartitionCounts): ReturnType<typeof resolvePartitionCounts> {
    return resolvePartitionCounts(this, sourceTopicCounts);
  }

  describe(): TopologyDescription {
    return describeTopology(this);
  }

  private requireNewName(name: string): void {
    if (!name) throw topologyError('node names must not be empty');
    if (this.nodes.has(name)) throw topologyError(`Processor ${name} is already added.`);
  }

  private requireParents(name: string, parentNames: string[]): void {
    if (parentNames.length === 0) throw topologyError(`${name} must have at least one parent`);
    for (const parent of parentNames) {
      if (parent === name) throw topologyError(`Processor ${name} cannot be a predecessor of itself.`);
      const node = this.nodes.get(parent);
      if (!node) throw topologyError(`Parent processor ${parent} is not added yet for ${name}`);
      if (node.kind === 'sink') throw topologyError(`Sink ${parent} cannot be used a parent.`);
    }
  }

  private connect(name: string, parentNames: string[]): void {
    const node = this.node(name);
    for (const parent of parentNames) {
      if (node.predecessors.includes(parent)) continue;
      node.predecessors.push(parent);
      this.node(parent).successors.push(name);
    }
  }
}
