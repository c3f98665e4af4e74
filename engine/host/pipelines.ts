/**
 * `pipelines.validate` / `parse` / `serialize`: pure functions over the document model, no state.
 *
 * Invariants: none of them throws for a bad document — problems come back as diagnostics; ports are
 * reported for every node whose kind is known (from `portsFor`, which tolerates half-typed configs),
 * so the canvas can draw branch outputs while their conditions are still being written; parse
 * checks structure only (`validate` checks meaning), so its diagnostics are empty when a doc is given.
 */
import type { NodePortsDto, ParseResult, ValidationResult } from '../api/dto.js';
import { getManifest } from '../pipeline/catalog/index.js';
import { parsePipeline, serializePipeline, type PipelineDocument } from '../pipeline/document/index.js';
import { validate } from '../pipeline/validate/index.js';
import { portsDto } from './catalog.js';

export function validatePipeline(doc: PipelineDocument): ValidationResult {
  const ports: Record<string, NodePortsDto> = {};
  for (const node of doc.nodes) {
    const manifest = getManifest(node.kind);
    if (manifest !== undefined) ports[node.id] = portsDto(manifest.portsFor(node.config));
  }
  return { diagnostics: validate(doc), ports };
}

export function parsePipelineText(text: string): ParseResult {
  const parsed = parsePipeline(text);
  return parsed.ok ? { doc: parsed.doc, diagnostics: [] } : { diagnostics: parsed.diagnostics };
}

export function serializePipelineText(doc: PipelineDocument): { text: string } {
  return { text: serializePipeline(doc) };
}
