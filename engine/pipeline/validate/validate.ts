/**
 * `validate(doc)`: everything wrong (or worth knowing) about a pipeline document, as diagnostics
 * (DESIGN.md §3). The canvas draws them on nodes; `sluice validate` prints them.
 *
 * Invariants: never throws, whatever it is given (an unexpected failure becomes one PIP_INTERNAL
 * diagnostic); deterministic order — document structure, nodes in document order, edges, inputs,
 * graph checks; browser-safe.
 */
import type { Diagnostic } from '../document/diagnostic.js';
import { topicNameProblem } from '../catalog/fields.js';
import { parsePipelineValue } from '../document/parse.js';
import { checkInputs, resolveEdges } from './edges.js';
import { checkCycles, checkReachesSink, checkRepartitions } from './graph.js';
import { resolveNodes } from './nodes.js';

function validateUnsafe(input: unknown): Diagnostic[] {
  const parsed = parsePipelineValue(input);
  if (!parsed.ok) return parsed.diagnostics;
  const doc = parsed.doc;
  const diagnostics: Diagnostic[] = [];
  if (doc.nodes.length === 0) diagnostics.push({ code: 'PIP_EMPTY', severity: 'warning', message: 'the pipeline has no nodes' });
  if (doc.settings?.deadLetterTopic !== undefined) {
    diagnostics.push(...settingsTopic(doc.settings.deadLetterTopic));
  }
  const nodes = resolveNodes(doc, diagnostics);
  const links = resolveEdges(doc, nodes, diagnostics);
  checkInputs(nodes, links, diagnostics);
  const cyclic = checkCycles(nodes, links, diagnostics);
  checkReachesSink(nodes, links, diagnostics);
  if (!cyclic) checkRepartitions(nodes, links, diagnostics);
  return diagnostics;
}

function settingsTopic(topic: string): Diagnostic[] {
  const problem = topicNameProblem(topic);
  return problem === undefined ? [] : [{ code: 'PIP_TOPIC_INVALID', severity: 'error', field: 'settings.deadLetterTopic', message: `settings.deadLetterTopic: ${problem}` }];
}

/** Diagnostics for a pipeline document (or any value claiming to be one). Never throws. */
export function validate(doc: unknown): Diagnostic[] {
  try {
    return validateUnsafe(doc);
  } catch (error) {
    return [{ code: 'PIP_INTERNAL', severity: 'error', message: `validation failed unexpectedly (a bug in Sluice): ${error instanceof Error ? error.message : String(error)}` }];
  }
}
