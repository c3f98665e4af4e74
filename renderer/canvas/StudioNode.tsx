/**
 * One pipeline node on the canvas: title, id and kind; typed handles per port (stream and table in
 * their own colours); a diagnostics badge (count, messages in its tooltip) and a red border on
 * errors; while running, records/s in and out and the error count.
 *
 * Performance: memoized, and every store read is a per-node selector (this node's diagnostics, its
 * stats, its ports), so a run.status tick or a validation only re-renders nodes whose values moved.
 */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { Diagnostic, PortSpecDto } from '../../engine/api/index.js';
import { useStudio } from '../store/StoreProvider.js';
import type { StudioFlowNode } from './flow-model.js';
import { formatRate, shortNumber } from './format.js';

const EMPTY_PORTS: PortSpecDto[] = [];

function worstSeverity(diagnostics: readonly Diagnostic[]): Diagnostic['severity'] {
  if (diagnostics.some((d) => d.severity === 'error')) return 'error';
  return diagnostics.some((d) => d.severity === 'warning') ? 'warning' : 'info';
}

function DiagnosticsBadge({ nodeId, diagnostics }: { nodeId: string; diagnostics: readonly Diagnostic[] }) {
  const severity = worstSeverity(diagnostics);
  const tooltip = diagnostics.map((d) => `${d.severity}: ${d.message}${d.field !== undefined ? ` (${d.field})` : ''}`).join('\n');
  return (
    <span className={`badge ${severity}`} data-testid={`node-diagnostics-${nodeId}`} title={tooltip}>
      {diagnostics.length}
    </span>
  );
}

function RunBadge({ nodeId }: { nodeId: string }) {
  const stats = useStudio((s) => s.nodeStats[nodeId]);
  const running = useStudio((s) => s.runState === 'running' && s.runIsOpenDocument);
  if (!running || stats === undefined) return null;
  return (
    <div className="rate" title={`${stats.recordsIn} records in, ${stats.recordsOut} out${stats.lag !== undefined ? `, lag ${stats.lag}` : ''}`}>
      <span data-testid={`node-rate-${nodeId}`}>
        {formatRate(stats.recordsInPerSec)} in · {formatRate(stats.recordsOutPerSec)} out
      </span>
      {stats.errors > 0 && <span className="errors">{shortNumber(stats.errors)} errors</span>}
      {stats.lag !== undefined && stats.lag > 0 && (
        <span className="lag" data-testid={`node-lag-${nodeId}`} title="Records in the source topics not yet read">
          lag {shortNumber(stats.lag)}
        </span>
      )}
    </div>
  );
}

function StudioNodeView({ id, data, selected }: NodeProps<StudioFlowNode>) {
  const { node } = data;
  const spec = useStudio((s) => s.kinds[node.kind]);
  const validatedPorts = useStudio((s) => s.validation?.ports[id]);
  const diagnostics = useStudio((s) => s.diagnosticsByNode[id]);
  const ports = validatedPorts ?? spec?.ports;
  const inputs = ports?.inputs ?? EMPTY_PORTS;
  const outputs = ports?.outputs ?? EMPTY_PORTS;
  const hasError = diagnostics?.some((d) => d.severity === 'error') ?? false;

  return (
    <div data-testid={`node-${id}`} className={`studio-node${selected ? ' selected' : ''}${hasError ? ' has-error' : ''}`}>
      <header>
        <span className="title" title={spec?.description ?? `Unknown kind ${node.kind}`}>
          {spec?.title ?? node.kind}
        </span>
        {diagnostics !== undefined && diagnostics.length > 0 && <DiagnosticsBadge nodeId={id} diagnostics={diagnostics} />}
      </header>
      <div className="meta">
        <span className="id" title={id}>
          {id}
        </span>
        <span className="kind">{node.kind}</span>
      </div>
      <div className="ports">
        <div>
          {inputs.map((port) => (
            <div className="port in" key={port.name} title={`${port.description} (${(port.accepts ?? [port.type]).join(' or ')})`}>
              <Handle type="target" position={Position.Left} id={port.name} className={port.type} data-testid={`handle-${id}-in-${port.name}`} />
              {inputs.length > 1 || port.name !== 'in' ? port.name : ''}
            </div>
          ))}
        </div>
        <div>
          {outputs.map((port) => (
            <div className="port out" key={port.name} title={`${port.description} (${port.type})`}>
              {outputs.length > 1 || port.name !== 'out' ? port.name : ''}
              <Handle type="source" position={Position.Right} id={port.name} className={port.type} data-testid={`handle-${id}-out-${port.name}`} />
            </div>
          ))}
        </div>
      </div>
      <RunBadge nodeId={id} />
    </div>
  );
}

export const StudioNode = memo(StudioNodeView);
