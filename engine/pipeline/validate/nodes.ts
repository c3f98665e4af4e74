/**
 * Node checks: duplicate ids, unknown kinds (with suggestions), configs against their manifest
 * (expressions and topic names included), and kind rules the schema leaves to validation (a
 * stream-stream join needs its window). Produces the resolved nodes the graph checks build on.
 */
import type { Diagnostic } from '../document/diagnostic.js';
import type { PipelineDocument, PipelineNode } from '../document/schema.js';
import type { NodeManifest, NodePorts } from '../catalog/manifest.js';
import { getManifest, suggestKinds } from '../catalog/registry.js';
import { configDiagnostics } from './config-issues.js';

export interface ResolvedNode {
  node: PipelineNode;
  /** Undefined for an unknown kind. */
  manifest: NodeManifest | undefined;
  /** The config after parsing (defaults applied), when it is valid. */
  config: unknown;
  configValid: boolean;
  ports: NodePorts;
}

const NO_PORTS: NodePorts = { inputs: [], outputs: [] };

function kindRules(node: PipelineNode, manifest: NodeManifest): Diagnostic[] {
  if (manifest.type === 'join.stream-stream' && node.config.windowMs === undefined) {
    return [
      {
        code: 'PIP_JOIN_WINDOW_REQUIRED',
        severity: 'error',
        nodeId: node.id,
        field: 'windowMs',
        message: 'windowMs: a stream-stream join needs a window — how far apart in time two records may be and still join',
      },
    ];
  }
  return [];
}

function unknownKind(node: PipelineNode): Diagnostic {
  const suggestions = suggestKinds(node.kind);
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.map((k) => `"${k}"`).join(' or ')}?` : '';
  return { code: 'PIP_UNKNOWN_KIND', severity: 'error', nodeId: node.id, field: 'kind', message: `unknown node kind "${node.kind}"${hint}` };
}

/** Resolves every node; the first node with a given id wins, later duplicates are reported and skipped. */
export function resolveNodes(doc: PipelineDocument, diagnostics: Diagnostic[]): Map<string, ResolvedNode> {
  const resolved = new Map<string, ResolvedNode>();
  for (const node of doc.nodes) {
    if (resolved.has(node.id)) {
      diagnostics.push({ code: 'PIP_DUPLICATE_NODE_ID', severity: 'error', nodeId: node.id, field: 'id', message: `node id "${node.id}" is used by more than one node` });
      continue;
    }
    const manifest = getManifest(node.kind);
    if (manifest === undefined) {
      diagnostics.push(unknownKind(node));
      resolved.set(node.id, { node, manifest, config: undefined, configValid: false, ports: NO_PORTS });
      continue;
    }
    const parsed = manifest.configSchema.safeParse(node.config);
    const rules = kindRules(node, manifest);
    diagnostics.push(...rules);
    if (!parsed.success) diagnostics.push(...configDiagnostics(node.id, parsed.error.issues));
    resolved.set(node.id, {
      node,
      manifest,
      config: parsed.success ? parsed.data : undefined,
      configValid: parsed.success && rules.length === 0,
      ports: manifest.portsFor(node.config),
    });
  }
  return resolved;
}
