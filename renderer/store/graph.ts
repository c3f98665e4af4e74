/**
 * Pure graph rules of the canvas: a node's ports (from the last validation, else the catalog),
 * edge ids and port resolution, and whether a new connection may be drawn — with a reason the user
 * can read when it may not (type mismatch, occupied single input, self loop, cycle).
 *
 * Invariants: nothing here mutates its inputs; an omitted `fromPort`/`toPort` means the node's only
 * port in that direction (DESIGN.md §3), and `connectionProblem` returns null exactly when `connect`
 * would add the edge.
 */
import type { NodeKindDto, NodePortsDto, PipelineDocument, PipelineEdge, PipelineNode, PortSpecDto, ValidationResult } from '../../engine/api/index.js';

export interface Connection {
  from: string;
  fromPort?: string | undefined;
  to: string;
  toPort?: string | undefined;
}

/** Ports of a node: what the engine reported for its current config, else its kind's static ports. */
export function portsOf(node: PipelineNode, kinds: Readonly<Record<string, NodeKindDto>>, validation: ValidationResult | null): NodePortsDto {
  return validation?.ports[node.id] ?? kinds[node.kind]?.ports ?? { inputs: [], outputs: [] };
}

/**
 * The document's edges after a config string of `nodeId` changed from `before` to `after`: edge
 * ends on a port named `before` follow to `after` when that is not one of the kind's static ports,
 * i.e. a port the config names (a branch condition's name), so renaming it keeps its connections.
 * Returns `edges` itself when nothing moved.
 */
export function followPortRename(edges: PipelineEdge[], nodeId: string, kind: NodeKindDto | undefined, before: unknown, after: unknown): PipelineEdge[] {
  if (typeof before !== 'string' || typeof after !== 'string' || before === after) return edges;
  const staticPorts = [...(kind?.ports.inputs ?? []), ...(kind?.ports.outputs ?? [])];
  if (staticPorts.some((port) => port.name === before)) return edges;
  let moved = false;
  const next = edges.map((edge) => {
    const from = edge.from === nodeId && edge.fromPort === before;
    const to = edge.to === nodeId && edge.toPort === before;
    if (!from && !to) return edge;
    moved = true;
    return { ...edge, ...(from ? { fromPort: after } : {}), ...(to ? { toPort: after } : {}) };
  });
  return moved ? next : edges;
}

/** The React Flow / store id of an edge: stable for the same endpoints and ports. */
export const edgeId = (edge: Connection): string => `${edge.from}:${edge.fromPort ?? ''}->${edge.to}:${edge.toPort ?? ''}`;

/** The port an edge end names, or the node's first (normally only) port in that direction when it names none. */
export function resolvePort(specs: readonly PortSpecDto[], name: string | undefined): PortSpecDto | undefined {
  if (name !== undefined) return specs.find((spec) => spec.name === name);
  return specs[0];
}

/** The edge as stored: ports left out when the node has only one in that direction. */
export function normalizeConnection(connection: Connection, fromPorts: NodePortsDto, toPorts: NodePortsDto): PipelineEdge {
  const edge: PipelineEdge = { from: connection.from, to: connection.to };
  const fromPort = connection.fromPort ?? fromPorts.outputs[0]?.name;
  const toPort = connection.toPort ?? toPorts.inputs[0]?.name;
  if (fromPort !== undefined && fromPorts.outputs.length > 1) edge.fromPort = fromPort;
  if (toPort !== undefined && toPorts.inputs.length > 1) edge.toPort = toPort;
  return edge;
}

/** Whether `target` can be reached from `start` along the edges. */
export function reaches(edges: readonly PipelineEdge[], start: string, target: string): boolean {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    const list = next.get(edge.from);
    if (list === undefined) next.set(edge.from, [edge.to]);
    else list.push(edge.to);
  }
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === target) return true;
    for (const to of next.get(id) ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
    }
  }
  return false;
}

type PortsFor = (nodeId: string) => NodePortsDto | undefined;

/** Why the connection may not be drawn, or null when it may. */
export function connectionProblem(doc: PipelineDocument, portsFor: PortsFor, connection: Connection): string | null {
  const { from, to } = connection;
  if (from === to) return `"${from}" cannot be connected to itself`;
  const fromPorts = portsFor(from);
  const toPorts = portsFor(to);
  if (fromPorts === undefined || !doc.nodes.some((n) => n.id === from)) return `there is no node "${from}"`;
  if (toPorts === undefined || !doc.nodes.some((n) => n.id === to)) return `there is no node "${to}"`;
  const output = resolvePort(fromPorts.outputs, connection.fromPort);
  if (output === undefined) {
    return fromPorts.outputs.length === 0 ? `"${from}" has no outputs (it is a sink)` : `"${from}" has no output "${connection.fromPort ?? ''}"`;
  }
  const input = resolvePort(toPorts.inputs, connection.toPort);
  if (input === undefined) {
    return toPorts.inputs.length === 0 ? `"${to}" has no inputs (it is a source)` : `"${to}" has no input "${connection.toPort ?? ''}"`;
  }
  const accepts = input.accepts ?? [input.type];
  if (!accepts.includes(output.type)) {
    return `${output.type} output "${output.name}" of "${from}" cannot feed input "${input.name}" of "${to}", which takes ${accepts.join(' or ')} only`;
  }
  const into = doc.edges.filter((edge) => edge.to === to && resolvePort(toPorts.inputs, edge.toPort)?.name === input.name);
  if (into.some((edge) => edge.from === from && resolvePort(fromPorts.outputs, edge.fromPort)?.name === output.name)) {
    return `"${from}" is already connected to "${to}"`;
  }
  const occupant = into[0];
  if (occupant !== undefined && input.multiple !== true) {
    return `input "${input.name}" of "${to}" already has a connection from "${occupant.from}"; only inputs that merge take several`;
  }
  if (reaches(doc.edges, to, from)) return `connecting "${from}" to "${to}" would make a cycle`;
  return null;
}
