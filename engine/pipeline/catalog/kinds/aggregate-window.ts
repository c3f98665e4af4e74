/**
 * aggregate.window@1 — groups records by an expression and aggregates them per time window.
 * Emits records keyed by the group key whose value is `{ windowStart, windowEnd, <as>: result… }`
 * (DESIGN.md §3), on every update or once per window after its grace period.
 */
import { z } from 'zod';
import { defineManifest } from '../manifest.js';
import { expression, fieldPath, identifier, nonNegativeMs, positiveMs } from '../fields.js';

const grace = () => nonNegativeMs('How long after a window ends late records are still counted').default(0);

export const windowSpec = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('tumbling'), sizeMs: positiveMs('Window length'), graceMs: grace() }),
    z.strictObject({
      type: z.literal('hopping'),
      sizeMs: positiveMs('Window length'),
      advanceMs: positiveMs('How far each window starts after the previous one'),
      graceMs: grace(),
    }),
    z.strictObject({ type: z.literal('sliding'), sizeMs: positiveMs('Largest time difference between records of one window'), graceMs: grace() }),
    z.strictObject({ type: z.literal('session'), gapMs: positiveMs('Inactivity that closes a session'), graceMs: grace() }),
  ])
  .superRefine((window, ctx) => {
    if (window.type === 'hopping' && window.advanceMs > window.sizeMs) {
      ctx.addIssue({ code: 'custom', message: 'advanceMs must not exceed sizeMs', path: ['advanceMs'] });
    }
  })
  .describe('The time window');

export const AGGREGATE_FUNCTIONS = ['count', 'sum', 'avg', 'min', 'max', 'first', 'last', 'collect'] as const;
const RESERVED_OUTPUTS = new Set(['windowStart', 'windowEnd']);

export const aggregation = z
  .strictObject({
    fn: z.enum(AGGREGATE_FUNCTIONS).describe('Aggregate function'),
    field: fieldPath('Field aggregated (not needed by count)').optional(),
    as: identifier('Name of the result in the output value'),
  })
  .superRefine((agg, ctx) => {
    if (agg.fn !== 'count' && agg.field === undefined) ctx.addIssue({ code: 'custom', message: `${agg.fn} needs a field`, path: ['field'] });
  });

export const aggregateWindowConfig = z.strictObject({
  groupBy: expression('Group key, e.g. `value.customer`; `key` keeps the record key'),
  window: windowSpec,
  aggregations: z
    .array(aggregation)
    .min(1)
    .superRefine((aggs, ctx) => {
      const seen = new Set<string>();
      aggs.forEach((agg, index) => {
        if (RESERVED_OUTPUTS.has(agg.as)) ctx.addIssue({ code: 'custom', message: `"${agg.as}" is set by the window`, path: [index, 'as'] });
        else if (seen.has(agg.as)) ctx.addIssue({ code: 'custom', message: `output "${agg.as}" is computed twice`, path: [index, 'as'] });
        seen.add(agg.as);
      });
    })
    .describe('Results computed per group and window'),
  emit: z
    .enum(['on-update', 'on-window-close'])
    .default('on-update')
    .describe('Emit every change (like a KTable) or one final result per window after its grace period'),
});

export const aggregateWindow = defineManifest({
  type: 'aggregate.window',
  version: 1,
  group: 'Aggregate & Window',
  title: 'Window aggregate',
  description: 'Groups records and aggregates them per tumbling, hopping, sliding or session window.',
  configSchema: aggregateWindowConfig,
  inputs: [{ name: 'in', type: 'stream', description: 'Records to aggregate' }],
  outputs: [{ name: 'out', type: 'stream', description: 'Results keyed by the group key: { windowStart, windowEnd, …results }' }],
  partitionsByKey: true,
  rekeyFields: (config) =>
    config.groupBy.trim() === 'key' ? [] : [{ field: 'groupBy', reason: `grouping by \`${config.groupBy}\` rather than the record key` }],
});
