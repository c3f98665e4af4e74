/**
 * TopologyDescription: the topology as text, in the format of Kafka's TopologyDescription so a
 * Kafka Streams user reads it at a glance ("Sub-topology: 0", "Source: … (topics: […])",
 * "--> successors", "<-- predecessors", "Processor: … (stores: […])", "Sink: … (topic: …)"),
 * followed by the internal topics.
 *
 * Stability: nodes of a sub-topology are ordered as Kafka orders them — larger downstream
 * sub-graph first, then by name — with the sub-graph size computed exactly (distinct reachable
 * nodes), so the text is a pure function of the topology. Internal topic names are shown logical
 * (undecorated) in the graph, as Kafka does, and decorated in the lists when an application id is
 * given.
 */
import type { NodeDef } from './nodes.js';
import type { Topology } from './topology.js';

export interface NodeDescription {
  readonly name: string;
  readonly kind: 'source' | 'processor' | 'sink';
  readonly topics?: string[];
  readonly topic?: string;
  readonly stores?: string[];
  readonly successors: string[];
  readonly predecessors: string[];
}

export interface SubtopologyDescription {
  readonly id: number;
  readonly nodes: NodeDescription[];
}

export interface TopologyDescription {
  readonly subtopologies: SubtopologyDescription[];
  readonly repartitionTopics: string[];
  readonly changelogTopics: string[];
  /** Kafka-style text; with an application id the internal topic lists are decorated. */
  toString(applicationId?: string): string;
}

function names(list: string[]): string {
  return list.length === 0 ? 'none' : list.join(', ');
}

function nodeText(n: NodeDescription): string {
  switch (n.kind) {
    case 'source':
      return `Source: ${n.name} (topics: [${(n.topics ?? []).join(', ')}])\n      --> ${names(n.successors)}`;
    case 'processor':
      return `Processor: ${n.name} (stores: [${(n.stores ?? []).join(', ')}])\n      --> ${names(n.successors)}\n      <-- ${names(n.predecessors)}`;
    case 'sink':
      return `Sink: ${n.name} (topic: ${n.topic ?? ''})\n      <-- ${names(n.predecessors)}`;
  }
}

export function describeTopology(topology: Topology): TopologyDescription {
  const sizes = new Map<string, number>();
  const reach = (name: string, seen: Set<string>): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const s of topology.node(name).successors) reach(s, seen);
  };
  for (const name of topology.nodes.keys()) {
    const seen = new Set<string>();
    reach(name, seen);
    sizes.set(name, seen.size);
  }
  const order = (a: string, b: string): number => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
  const describeNode = (def: NodeDef): NodeDescription => {
    const base = { name: def.name, kind: def.kind, successors: [...def.successors].sort(order), predecessors: [...def.predecessors].sort(order) };
    if (def.kind === 'source') return { ...base, topics: [...def.topics] };
    if (def.kind === 'sink') return { ...base, topic: def.topic };
    return { ...base, stores: [...def.stores] };
  };
  const subtopologies = topology.subtopologies().map((s) => ({
    id: s.id,
    nodes: [...s.nodes].sort(order).map((n) => describeNode(topology.node(n))),
  }));
  const repartitionTopics = topology.repartitionTopicNames();
  const changelogTopics = [...topology.changelogTopics().values()];
  return {
    subtopologies,
    repartitionTopics,
    changelogTopics,
    toString(applicationId?: string): string {
      const decorate = (t: string) => (applicationId === undefined ? t : `${applicationId}-${t}`);
      let text = 'Topologies:\n ';
      for (const s of subtopologies) {
        text += `  Sub-topology: ${s.id}\n`;
        for (const n of s.nodes) text += `    ${nodeText(n)}\n`;
        text += '\n';
      }
      text += `Repartition topics: [${repartitionTopics.map(decorate).join(', ')}]\n`;
      text += `Changelog topics: [${changelogTopics.map(decorate).join(', ')}]\n`;
      return text;
    },
  };
}
