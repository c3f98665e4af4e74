/**
 * Stateless transforms, each one processor named by the node id (branch: the splitter plus one
 * child per branch, `<nodeId>-<branch>`): filter, map, select-key, flat-map, branch, merge.
 * Expressions see the record's key, value, headers and timestamp; records pass on with their
 * timestamp and headers. Map is immutable (copy-on-write along each path). A key change marks the
 * stream for repartitioning exactly when the catalog's `changesKey` says so.
 */
import { evaluateToBoolean } from '../../expr/index.js';
import { DEFAULT_BRANCH, type BranchConfig, type FilterConfig, type FlatMapConfig, type MapConfig, type MapOperation, type SelectKeyConfig } from '../../catalog/index.js';
import { derive, inputStream, single, streamPort, type NodeInput, type NodeOutputs } from '../context.js';
import { expressionOf, processorOf } from '../processors.js';
import type { KStream } from '../../../streams/index.js';
import { dropPath, getPath, scopeOf, setPath, splitPath, type KeyValuePair } from '../values.js';

export function compileFilter(node: NodeInput<FilterConfig>): NodeOutputs {
  const expr = expressionOf(node.nodeId, 'expr', node.config.expr);
  const supplier = processorOf((r, ctx) => {
    if (evaluateToBoolean(expr, scopeOf(r))) ctx.forward(r);
  });
  return single(streamPort(derive([inputStream(node)], node.nodeId, supplier)));
}

type MapStep = (pair: KeyValuePair, timestamp: number, headers: Parameters<typeof scopeOf>[0]['headers']) => KeyValuePair;

function mapStep(nodeId: string, op: MapOperation, index: number): MapStep {
  switch (op.op) {
    case 'set': {
      const expr = expressionOf(nodeId, `operations[${index}].expr`, op.expr);
      return (pair, timestamp, headers) => setPath(pair, op.field, expr.evaluate({ key: pair.key, value: pair.value, headers, timestamp }));
    }
    case 'rename':
      return (pair) => (op.from === op.to ? pair : setPath(dropPath(pair, op.from), op.to, getPath(pair, op.from)));
    case 'drop':
      return (pair) => dropPath(pair, op.field);
  }
}

export function compileMap(node: NodeInput<MapConfig>): NodeOutputs {
  const steps = node.config.operations.map((op, index) => mapStep(node.nodeId, op, index));
  const touchesKey = node.config.operations.some((op) => (op.op === 'rename' ? [op.from, op.to] : [op.field]).some((p) => splitPath(p).root === 'key'));
  const supplier = processorOf((r, ctx) => {
    let pair: KeyValuePair = { key: r.key, value: r.value };
    for (const step of steps) pair = step(pair, r.timestamp, r.headers);
    ctx.forward({ key: pair.key, value: pair.value, timestamp: r.timestamp, headers: r.headers });
  });
  const input = inputStream(node);
  // A changed key may not fit the source's key format any more: fall back to the default (JSON).
  return single(streamPort(derive([input], node.nodeId, supplier, { repartition: node.changesKey, valueSerde: undefined, ...(touchesKey ? { keySerde: undefined } : {}) })));
}

export function compileSelectKey(node: NodeInput<SelectKeyConfig>): NodeOutputs {
  return single(streamPort(rekey(inputStream(node), node.nodeId, node.nodeId, 'expr', node.config.expr)));
}

/** A processor `name` that re-keys `stream` with an expression (marks a repartition). */
export function rekey(stream: KStream<unknown, unknown>, nodeId: string, name: string, field: string, source: string): KStream<unknown, unknown> {
  const expr = expressionOf(nodeId, field, source);
  const supplier = processorOf((r, ctx) => ctx.forward({ key: expr.evaluate(scopeOf(r)), value: r.value, timestamp: r.timestamp, headers: r.headers }));
  return derive([stream], name, supplier, { repartition: true, keySerde: undefined });
}

export function compileFlatMap(node: NodeInput<FlatMapConfig>): NodeOutputs {
  const { field, as } = node.config;
  const supplier = processorOf((r, ctx) => {
    const items = getPath({ key: r.key, value: r.value }, field);
    if (!Array.isArray(items)) return;
    for (const item of items as unknown[]) {
      const value = setPath({ key: r.key, value: r.value }, `value.${as}`, item).value;
      ctx.forward({ key: r.key, value, timestamp: r.timestamp, headers: r.headers });
    }
  });
  return single(streamPort(derive([inputStream(node)], node.nodeId, supplier, { repartition: node.changesKey, valueSerde: undefined })));
}

export function compileBranch(node: NodeInput<BranchConfig>): NodeOutputs {
  const input = inputStream(node);
  const names = [...node.config.conditions.map((c) => c.name), DEFAULT_BRANCH];
  const childName = (branch: string) => `${node.nodeId}-${branch}`;
  const conditions = node.config.conditions.map((c, index) => ({ expr: expressionOf(node.nodeId, `conditions[${index}].expr`, c.expr), child: childName(c.name) }));
  const fallback = childName(DEFAULT_BRANCH);
  const splitter = derive(
    [input],
    node.nodeId,
    processorOf((r, ctx) => {
      const scope = scopeOf(r);
      const taken = conditions.find((c) => evaluateToBoolean(c.expr, scope));
      ctx.forward(r, taken?.child ?? fallback);
    }),
  );
  const outputs = new Map(names.map((branch) => [branch, streamPort(derive([splitter], childName(branch), processorOf((r, ctx) => ctx.forward(r))))] as const));
  return outputs;
}

export function compileMerge(node: NodeInput<unknown>): NodeOutputs {
  const inputs = (node.inputs.get('in') ?? []).map((port) => {
    if (port.type !== 'stream') throw new Error(`merge node "${node.nodeId}": a table cannot be merged`);
    return port.stream;
  });
  const [first] = inputs;
  const sameSerdes = inputs.every((s) => s.keySerde === first?.keySerde && s.valueSerde === first?.valueSerde);
  const options = sameSerdes ? {} : { keySerde: undefined, valueSerde: undefined };
  return single(streamPort(derive(inputs, node.nodeId, processorOf((r, ctx) => ctx.forward(r)), options)));
}
