/**
 * Documents shared by the document, catalog and validate tests; the first is DESIGN.md §3's
 * example verbatim.
 */
import type { PipelineDocument } from './schema.js';

export const DESIGN_EXAMPLE_TEXT = `{
  "format": "sluice.pipeline/v1",
  "name": "orders-enriched",
  "nodes": [
    { "id": "orders", "kind": "source.topic@1", "config": { "topic": "orders", "format": "json" }, "position": { "x": 0, "y": 0 } },
    { "id": "big", "kind": "transform.filter@1", "config": { "expr": "value.amount > 100" } },
    { "id": "per-min", "kind": "aggregate.window@1", "config": { "groupBy": "value.customer", "window": { "type": "tumbling", "sizeMs": 60000, "graceMs": 5000 }, "aggregations": [{ "fn": "sum", "field": "value.amount", "as": "total" }], "emit": "on-window-close" } },
    { "id": "out", "kind": "sink.topic@1", "config": { "topic": "big-orders-per-minute" } }
  ],
  "edges": [
    { "from": "orders", "to": "big" }, { "from": "big", "to": "per-min" }, { "from": "per-min", "to": "out" }
  ]
}`;

export const designExample = (): PipelineDocument => JSON.parse(DESIGN_EXAMPLE_TEXT) as PipelineDocument;
