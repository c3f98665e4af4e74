/**
 * Edge checks: both ends exist, the ports exist (an omitted port is fine only when the node has
 * exactly one on that side), the port types fit (a table cannot feed a stream-only port), a
 * single-input port gets at most one edge, identical edges, and required inputs left unconnected.
 * Fan-out (one output to many edges) is always allowed.
 */
import type { Diagnostic } from '../document/diagnostic.js';
import type { PipelineDocument, PipelineEdge } from '../document/schema.js';
import type { PortSpec } from '../catalog/manifest.js';
import { portAccepts } from '../catalog/manifest.js';
import type { ResolvedNode } from './nodes.js';

/** An edge whose two nodes exist (ports may be unknown when a node's kind is unknown). */
export interface Link {
  index: number;
  from: string;
  to: string;
  fromPort: PortSpec | undefined;
  toPort: PortSpec | undefined;
}

type Side = 'from' | 'to';

function resolvePort(
  edge: PipelineEdge,
  index: number,
  side: Side,
  target: ResolvedNode,
  diagnostics: Diagnostic[],
): PortSpec | undefined | 'bad' {
  if (target.manifest === undefined) return undefined;
  const ports = side === 'from' ? target.ports.outputs : target.ports.inputs;
  const named = side === 'from' ? edge.fromPort : edge.toPort;
  const field = `edges[${index}].${side === 'from' ? 'fromPort' : 'toPort'}`;
  const nodeId = target.node.id;
  const what = side === 'from' ? 'output' : 'input';
  const list = ports.map((p) => `"${p.name}"`).join(', ');
  if (named === undefined) {
    const [only, ...others] = ports;
    if (only !== undefined && others.length === 0) return only;
    const message =
      ports.length === 0
        ? `${target.manifest.kind} has no ${what} ports, so edge ${index} cannot ${side === 'from' ? 'start' : 'end'} at "${nodeId}"`
        : `edge ${index} must name which ${what} of "${nodeId}" it uses: ${list}`;
    diagnostics.push({ code: ports.length === 0 ? 'PIP_EDGE_UNKNOWN_PORT' : 'PIP_EDGE_PORT_REQUIRED', severity: 'error', nodeId, field, edgeIndex: index, message });
    return 'bad';
  }
  const port = ports.find((p) => p.name === named);
  if (port !== undefined) return port;
  const message = `"${nodeId}" (${target.manifest.kind}) has no ${what} port "${named}"${ports.length > 0 ? `; its ${what}s are ${list}` : ''}`;
  diagnostics.push({ code: 'PIP_EDGE_UNKNOWN_PORT', severity: 'error', nodeId, field, port: named, edgeIndex: index, message });
  return 'bad';
}

export function resolveEdges(doc: PipelineDocument, nodes: ReadonlyMap<string, ResolvedNode>, diagnostics: Diagnostic[]): Link[] {
  const links: Link[] = [];
  const seen = new Set<string>();
  doc.edges.forEach((edge, index) => {
    const from = nodes.get(edge.from);
    const to = nodes.get(edge.to);
    for (const [side, id, node] of [['from', edge.from, from], ['to', edge.to, to]] as const) {
      if (node !== undefined) continue;
      const other = side === 'from' ? to : from;
      const diagnostic: Diagnostic = { code: 'PIP_EDGE_UNKNOWN_NODE', severity: 'error', field: `edges[${index}].${side}`, edgeIndex: index, message: `edge ${index} ${side === 'from' ? 'starts at' : 'ends at'} unknown node "${id}"` };
      if (other !== undefined) diagnostic.nodeId = other.node.id;
      diagnostics.push(diagnostic);
    }
    if (from === undefined || to === undefined) return;
    const fromPort = resolvePort(edge, index, 'from', from, diagnostics);
    const toPort = resolvePort(edge, index, 'to', to, diagnostics);
    const key = JSON.stringify([edge.from, fromPort === 'bad' ? edge.fromPort : fromPort?.name, edge.to, toPort === 'bad' ? edge.toPort : toPort?.name]);
    if (seen.has(key)) {
      diagnostics.push({ code: 'PIP_EDGE_DUPLICATE', severity: 'warning', nodeId: edge.to, field: `edges[${index}]`, edgeIndex: index, message: `edge ${index} repeats an earlier edge from "${edge.from}" to "${edge.to}"` });
      return;
    }
    seen.add(key);
    if (fromPort !== undefined && fromPort !== 'bad' && toPort !== undefined && toPort !== 'bad' && !portAccepts(toPort, fromPort.type)) {
      diagnostics.push({
        code: 'PIP_PORT_TYPE_MISMATCH',
        severity: 'error',
        nodeId: edge.to,
        port: toPort.name,
        field: `edges[${index}]`,
        edgeIndex: index,
        message: `"${edge.from}" outputs a ${fromPort.type} but input "${toPort.name}" of "${edge.to}" takes a ${(toPort.accepts ?? [toPort.type]).join(' or ')}`,
      });
    }
    links.push({ index, from: edge.from, to: edge.to, fromPort: fromPort === 'bad' ? undefined : fromPort, toPort: toPort === 'bad' ? undefined : toPort });
  });
  return links;
}

/** Required inputs with no edge, and single-input ports with several. */
export function checkInputs(nodes: ReadonlyMap<string, ResolvedNode>, links: readonly Link[], diagnostics: Diagnostic[]): void {
  for (const { node, manifest, ports } of nodes.values()) {
    if (manifest === undefined) continue;
    // An edge whose input port could not be resolved was already reported; don't also call its port unconnected.
    const unresolvedIncoming = links.some((link) => link.to === node.id && link.toPort === undefined);
    for (const port of ports.inputs) {
      const incoming = links.filter((link) => link.to === node.id && link.toPort?.name === port.name);
      if (incoming.length === 0 && port.required !== false && !unresolvedIncoming) {
        diagnostics.push({ code: 'PIP_INPUT_UNCONNECTED', severity: 'error', nodeId: node.id, port: port.name, message: `input "${port.name}" of "${node.id}" is not connected` });
      }
      if (incoming.length > 1 && port.multiple !== true) {
        for (const extra of incoming.slice(1)) {
          diagnostics.push({
            code: 'PIP_PORT_MULTIPLE_INPUTS',
            severity: 'error',
            nodeId: node.id,
            port: port.name,
            field: `edges[${extra.index}]`,
            edgeIndex: extra.index,
            message: `input "${port.name}" of "${node.id}" takes one edge; use a merge node to combine streams`,
          });
        }
      }
    }
  }
}
