/**
 * How long suppress(untilWindowCloses) waits past a window's end: Kafka's
 * GraphGraceSearchUtil#findAndVerifyWindowGrace. From the suppressed table's node, walk up the
 * graph — through every kind of node, and from a repartition topic's source to the sink writing
 * it — until each path reaches a windowed aggregation; its grace (a session's: gap + grace) ends
 * the path, and the largest over all paths wins. A path that reaches a source of an outside topic
 * (a stream or table that is not windowed) makes the topology invalid.
 */
import { topologyError } from '../errors.js';
import { SessionWindowAggregateSupplier } from '../processors/session-aggregate.js';
import { SlidingWindowAggregateSupplier } from '../processors/sliding-aggregate.js';
import { TimeWindowAggregateSupplier } from '../processors/window-aggregate.js';
import type { NodeDef } from '../topology/nodes.js';
import type { Topology } from '../topology/topology.js';

/** The windowed aggregation supplier a processor node was added with (the DSL adds `() => supplier.get()`). */
export type WindowedSupplierOf = (node: string) => unknown;

export function windowCloseGrace(topology: Topology, from: string, supplierOf: WindowedSupplierOf, suppressName: string): number {
  const graces = new Map<string, number>();
  const search = (name: string, chain: string): number => {
    const known = graces.get(name);
    if (known !== undefined) return known;
    const node = topology.node(name);
    let grace = graceOf(supplierOf(name));
    if (grace === undefined) {
      const parents = parentsOf(topology, node);
      if (parents.length === 0) {
        throw topologyError(`suppress(untilWindowCloses) at ${suppressName} needs a windowed KTable: window close time is defined only for windowed aggregations, and this path up from it has none: [${chain}]`);
      }
      grace = Math.max(...parents.map((parent) => search(parent, `${chain}<-${parent}`)));
    }
    graces.set(name, grace);
    return grace;
  };
  return search(from, from);
}

function graceOf(supplier: unknown): number | undefined {
  if (supplier instanceof TimeWindowAggregateSupplier || supplier instanceof SlidingWindowAggregateSupplier) return supplier.windows.gracePeriodMs();
  if (supplier instanceof SessionWindowAggregateSupplier) return supplier.windows.gracePeriodMs() + supplier.windows.inactivityGap();
  return undefined;
}

/** A node's parents; a repartition topic's source has the sinks writing the topic as its parents. */
function parentsOf(topology: Topology, node: NodeDef): string[] {
  if (node.kind !== 'source') return node.predecessors;
  const writers: string[] = [];
  for (const topic of node.topics) {
    if (!topology.isRepartitionTopic(topic)) continue;
    for (const other of topology.nodes.values()) if (other.kind === 'sink' && other.topic === topic) writers.push(other.name);
  }
  return writers;
}
