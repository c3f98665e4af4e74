/**
 * Writes a pipeline document as canonical text: 2-space JSON with a trailing newline and a stable
 * key order, so that saving twice gives the same bytes and diffs show only real changes.
 *
 * Order: format, name, description?, settings?, nodes, edges. Each node: id, kind, config (keys in
 * its manifest's schema order, nested objects too), position. Each edge: from, to, fromPort?,
 * toPort?. Absent optional fields are omitted; values are never defaulted or dropped.
 */
import { getManifest } from '../catalog/registry.js';
import { orderBySchema } from './key-order.js';
import { pipelineDocumentSchema, pipelineEdgeSchema, pipelineNodeSchema, positionSchema, settingsSchema } from './schema.js';
import type { PipelineDocument, PipelineEdge, PipelineNode } from './schema.js';

function orderNode(node: PipelineNode): Record<string, unknown> {
  const ordered: Record<string, unknown> = { id: node.id, kind: node.kind };
  ordered.config = orderBySchema(node.config, getManifest(node.kind)?.configSchema);
  if (node.position !== undefined) ordered.position = orderBySchema(node.position, positionSchema);
  return orderBySchema({ ...node, ...ordered }, pipelineNodeSchema) as Record<string, unknown>;
}

function orderEdge(edge: PipelineEdge): unknown {
  return orderBySchema(edge, pipelineEdgeSchema);
}

/** Canonical text of `doc`. */
export function serializePipeline(doc: PipelineDocument): string {
  const ordered: Record<string, unknown> = { format: doc.format, name: doc.name };
  if (doc.description !== undefined) ordered.description = doc.description;
  if (doc.settings !== undefined) ordered.settings = orderBySchema(doc.settings, settingsSchema);
  ordered.nodes = doc.nodes.map(orderNode);
  ordered.edges = doc.edges.map(orderEdge);
  return `${JSON.stringify(orderBySchema({ ...doc, ...ordered }, pipelineDocumentSchema), null, 2)}\n`;
}
