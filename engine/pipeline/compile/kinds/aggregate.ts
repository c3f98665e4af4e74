/**
 * aggregate.window@1 → `<nodeId>-group-by` (a processor that computes the group key and projects
 * the aggregated fields; it marks a repartition unless groupBy is just `key`, then it is
 * `<nodeId>-project`), groupByKey (repartition topic `<nodeId>-repartition` when needed),
 * windowedBy (tumbling/hopping: TimeWindows; sliding: SlidingWindows; session: SessionWindows),
 * the emit strategy, the aggregation `<nodeId>` with store `<nodeId>-store`, then
 * `<nodeId>-to-stream` and `<nodeId>-result`, which keys each result by the plain group key with
 * the value `{ windowStart, windowEnd, <as>: result, … }` (DESIGN.md §3).
 *
 * Window bounds are the window's own: [start, end) for tumbling and hopping, both inclusive for
 * sliding and session windows. Tombstones of the windowed table (a session merged away) are not
 * forwarded: the output is a stream of results, each naming its window.
 */
import { EmitStrategy, SessionWindows, SlidingWindows, TimeWindows, type KStream, type KTable, type Windowed } from '../../../streams/index.js';
import type { AggregateWindowConfig } from '../../catalog/index.js';
import { aggregateFunctions, type AggregateState, type Projected } from '../aggregations.js';
import { derive, inputStream, single, streamPort, type NodeInput, type NodeOutputs } from '../context.js';
import { expressionOf, processorOf } from '../processors.js';
import { getPath, scopeOf, topicSafe } from '../values.js';

export function compileAggregate(node: NodeInput<AggregateWindowConfig>): NodeOutputs {
  const { nodeId, config } = node;
  const safe = topicSafe(nodeId);
  const byKey = config.groupBy.trim() === 'key';
  const groupBy = expressionOf(nodeId, 'groupBy', config.groupBy);
  const fields = config.aggregations.map((agg) => agg.field);
  const project = processorOf((r, ctx) => {
    const pair = { key: r.key, value: r.value };
    const value: Projected = { f: fields.map((field) => (field === undefined ? null : getPath(pair, field))), t: r.timestamp };
    ctx.forward({ key: byKey ? r.key : groupBy.evaluate(scopeOf(r)), value, timestamp: r.timestamp, headers: r.headers });
  });
  const input = inputStream(node);
  const projected: KStream<unknown, Projected> = derive([input], byKey ? `${nodeId}-project` : `${nodeId}-group-by`, project, {
    repartition: !byKey,
    valueSerde: undefined,
    ...(byKey ? {} : { keySerde: undefined }),
  }) as KStream<unknown, Projected>;
  const grouped = projected.groupByKey({ name: safe });
  const fns = aggregateFunctions(config.aggregations);
  const options = { name: nodeId, storeName: `${safe}-store` };
  const emit = config.emit === 'on-window-close' ? EmitStrategy.onWindowClose() : EmitStrategy.onWindowUpdate();
  const w = config.window;
  let table: KTable<Windowed<unknown>, AggregateState>;
  switch (w.type) {
    case 'tumbling':
      table = grouped.windowedBy(TimeWindows.ofSizeAndGrace(w.sizeMs, w.graceMs)).emitStrategy(emit).aggregate(fns.initializer, fns.adder, options);
      break;
    case 'hopping':
      table = grouped.windowedBy(TimeWindows.ofSizeAndGrace(w.sizeMs, w.graceMs).advanceBy(w.advanceMs)).emitStrategy(emit).aggregate(fns.initializer, fns.adder, options);
      break;
    case 'sliding':
      table = grouped.windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(w.sizeMs, w.graceMs)).emitStrategy(emit).aggregate(fns.initializer, fns.adder, options);
      break;
    case 'session':
      table = grouped.windowedBy(SessionWindows.ofInactivityGapAndGrace(w.gapMs, w.graceMs)).emitStrategy(emit).aggregate(fns.initializer, fns.adder, fns.merger, options);
      break;
  }
  const changes = table.toStream({ name: `${nodeId}-to-stream` }) as KStream<unknown, unknown>;
  const unwindow = processorOf((r, ctx) => {
    if (r.value === null || r.value === undefined) return;
    const key = r.key as Windowed<unknown>;
    ctx.forward({ key: key.key, value: fns.output(r.value as AggregateState, key.window.start, key.window.end), timestamp: r.timestamp, headers: r.headers });
  });
  // The result is keyed by the group key, which is what the data is partitioned by: no repartition.
  return single(streamPort(derive([changes], `${nodeId}-result`, unwindow, { keySerde: grouped.keySerde, valueSerde: undefined })));
}
