/**
 * Graph checks over the resolved links: cycles (Tarjan's strongly connected components, naming
 * every node on the cycle), nodes with no path to a sink (warning), and repartitions (info) —
 * a key change upstream of a grouping or join, or one the grouping or join makes itself.
 */
import type { Diagnostic } from '../document/diagnostic.js';
import type { Link } from './edges.js';
import type { ResolvedNode } from './nodes.js';

function adjacency(nodes: ReadonlyMap<string, ResolvedNode>, links: readonly Link[], direction: 'down' | 'up'): Map<string, string[]> {
  const next = new Map<string, string[]>([...nodes.keys()].map((id) => [id, []]));
  for (const link of links) {
    const [a, b] = direction === 'down' ? [link.from, link.to] : [link.to, link.from];
    next.get(a)?.push(b);
  }
  return next;
}

/** Strongly connected components with a cycle (size > 1, or a self-loop), iteratively. */
function cycles(nodes: ReadonlyMap<string, ResolvedNode>, links: readonly Link[]): string[][] {
  const next = adjacency(nodes, links, 'down');
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  for (const root of nodes.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; child: number }> = [{ id: root, child: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame === undefined) break;
      const children = next.get(frame.id) ?? [];
      const child = children[frame.child++];
      if (child !== undefined) {
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ id: child, child: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(child) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
        onStack.delete(id);
        component.push(id);
        if (id === frame.id) break;
      }
      const selfLoop = component.length === 1 && children.includes(frame.id);
      if (component.length > 1 || selfLoop) found.push(component.reverse());
    }
  }
  return found;
}

export function checkCycles(nodes: ReadonlyMap<string, ResolvedNode>, links: readonly Link[], diagnostics: Diagnostic[]): boolean {
  const found = cycles(nodes, links);
  for (const component of found) {
    const names = component.map((id) => `"${id}"`).join(' → ');
    for (const id of component) {
      diagnostics.push({ code: 'PIP_CYCLE', severity: 'error', nodeId: id, message: `records would loop forever: ${names} form a cycle` });
    }
  }
  return found.length > 0;
}

/** Nodes from which no sink can be reached. Unknown kinds count as possible sinks (no noise around them). */
export function checkReachesSink(nodes: ReadonlyMap<string, ResolvedNode>, links: readonly Link[], diagnostics: Diagnostic[]): void {
  const up = adjacency(nodes, links, 'up');
  const reaches = new Set<string>();
  const queue = [...nodes.values()].filter((n) => n.manifest === undefined || n.manifest.isSink).map((n) => n.node.id);
  for (const id of queue) reaches.add(id);
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const upstream of up.get(id) ?? []) {
      if (reaches.has(upstream)) continue;
      reaches.add(upstream);
      queue.push(upstream);
    }
  }
  for (const { node } of nodes.values()) {
    if (reaches.has(node.id)) continue;
    diagnostics.push({ code: 'PIP_NO_SINK', severity: 'warning', nodeId: node.id, message: `"${node.id}" leads to no sink, so its results are not written anywhere` });
  }
}

/**
 * Key-changing nodes upstream of `start` along `links` into it, stopping at sources and at other
 * grouping/join nodes (their output is partitioned by its key).
 */
function keyChangesUpstream(start: string, nodes: ReadonlyMap<string, ResolvedNode>, up: ReadonlyMap<string, string[]>): string[] {
  const changed: string[] = [];
  const visited = new Set<string>([start]);
  const queue = [...(up.get(start) ?? [])];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (visited.has(id)) continue;
    visited.add(id);
    const resolved = nodes.get(id);
    if (resolved?.manifest === undefined) continue;
    if (resolved.configValid && resolved.manifest.changesKey(resolved.config)) {
      changed.push(id);
      continue;
    }
    if (resolved.manifest.partitionsByKey) continue;
    queue.push(...(up.get(id) ?? []));
  }
  return changed;
}

export function checkRepartitions(nodes: ReadonlyMap<string, ResolvedNode>, links: readonly Link[], diagnostics: Diagnostic[]): void {
  const up = adjacency(nodes, links, 'up');
  for (const { node, manifest, config, configValid } of nodes.values()) {
    if (manifest === undefined || !manifest.partitionsByKey || !configValid) continue;
    const upstream = keyChangesUpstream(node.id, nodes, up);
    if (upstream.length > 0) {
      const names = upstream.map((id) => `"${id}"`).join(', ');
      diagnostics.push({
        code: 'PIP_REPARTITION',
        severity: 'info',
        nodeId: node.id,
        message: `the key changes upstream (at ${names}), so records are repartitioned by key before "${node.id}" (an internal topic)`,
      });
    }
    for (const { field, reason } of manifest.rekeyFields(config)) {
      diagnostics.push({
        code: 'PIP_REPARTITION',
        severity: 'info',
        nodeId: node.id,
        field,
        message: `${field}: ${reason}, so records are repartitioned before "${node.id}" (an internal topic)`,
      });
    }
  }
}
