/**
 * The inspector of one node: its kind, id (renamable), the config form generated from the kind's
 * JSON Schema, and the node's diagnostics that no field shows.
 */
import { useEffect, useMemo, useState } from 'react';
import type { PipelineNode } from '../../engine/api/index.js';
import { useStudio, useStudioStore } from '../store/StoreProvider.js';
import { FieldContext, type FieldContextValue } from './fields/field-context.js';
import { FieldDiagnostics } from './fields/FieldShell.js';
import { ObjectMembers } from './fields/ObjectFields.js';
import type { JsonSchema } from './schema.js';

const NO_DIAGNOSTICS: never[] = [];

function NodeIdInput({ nodeId }: { nodeId: string }) {
  const store = useStudioStore();
  const [text, setText] = useState(nodeId);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(nodeId);
    setError(null);
  }, [nodeId]);
  const commit = () => {
    if (text === nodeId) return;
    const result = store.getState().renameNode(nodeId, text);
    setError(result.ok ? null : result.reason);
  };
  return (
    <div className={`field${error !== null ? ' invalid' : ''}`}>
      <label htmlFor="node-id-input">id</label>
      <input
        id="node-id-input"
        data-testid="node-id-input"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setText(nodeId);
        }}
      />
      {error !== null && <div className="field-diagnostics sev-error">{error}</div>}
    </div>
  );
}

export function NodeInspector({ node }: { node: PipelineNode }) {
  const store = useStudioStore();
  const spec = useStudio((s) => s.kinds[node.kind]);
  const diagnostics = useStudio((s) => s.diagnosticsByNode[node.id]) ?? NO_DIAGNOSTICS;

  const context = useMemo<FieldContextValue>(
    () => ({
      nodeId: node.id,
      expressionPaths: new Set(spec?.expressionFields ?? []),
      codePaths: new Set(spec?.codeFields ?? []),
      diagnostics,
      setValue: (path, value) => store.getState().setConfigValue(node.id, path, value),
    }),
    [node.id, spec, diagnostics, store],
  );

  const schema = spec?.configSchema as JsonSchema | undefined;
  const fieldPaths = new Set<string>();
  const collect = (s: JsonSchema | undefined, path: string) => {
    for (const [key, prop] of Object.entries(s?.properties ?? {})) {
      const p = path === '' ? key : `${path}.${key}`;
      fieldPaths.add(p);
      collect(prop, p);
    }
  };
  collect(schema, '');
  const unplaced = diagnostics.filter((d) => d.field === undefined || !(fieldPaths.has(d.field) || /\[\d+\]/.test(d.field)));

  return (
    <div className="node-inspector">
      <h2 title={spec?.description}>{spec?.title ?? 'Unknown node kind'}</h2>
      <div className="kind-line">
        {node.kind}
        {spec !== undefined && <span className="description"> — {spec.description}</span>}
      </div>
      <NodeIdInput nodeId={node.id} />
      <FieldDiagnostics diagnostics={unplaced} />
      {schema === undefined ? (
        <p className="sev-error">The catalog has no kind "{node.kind}": its config cannot be edited here.</p>
      ) : (
        <FieldContext.Provider value={context}>
          <ObjectMembers schema={schema} path="" value={node.config} />
        </FieldContext.Provider>
      )}
    </div>
  );
}
