/**
 * An edge of the pipeline: coloured by what flows (stream or table); while running, animated, and
 * drawn wider and warmer as more records per second pass along it, with the rate at its midpoint (its own
 * selector: only edges whose rate changed re-render on a run.status tick). An edge the validation
 * finds wrong (a port that does not exist, a type mismatch) is drawn red, the reason in its tooltip.
 */
import { memo } from 'react';
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { useStudio } from '../store/StoreProvider.js';
import type { StudioFlowEdge } from './flow-model.js';
import { edgeColor, edgeWidth, formatRate } from './format.js';

function RateEdgeView({ id, data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd }: EdgeProps<StudioFlowEdge>) {
  const rate = useStudio((s) => s.edgeRates[id]);
  const running = useStudio((s) => s.runState === 'running' && s.runIsOpenDocument);
  const problems = useStudio((s) => s.diagnosticsByEdge[id]);
  const [path, midX, midY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const flowing = running && rate !== undefined && rate > 0;
  const invalid = problems?.some((d) => d.severity === 'error') ?? false;
  const className = `rate-edge ${data?.portType ?? 'stream'}${flowing ? ' flowing' : running ? ' idle-run' : ''}${invalid ? ' invalid' : ''}`;
  const label = `${data?.from} → ${data?.to}`;
  const title = problems !== undefined ? `${label}\n${problems.map((d) => `${d.severity}: ${d.message}`).join('\n')}` : running ? `${formatRate(rate ?? 0)} along ${label}` : label;
  return (
    <g className={className} data-testid={`edge-${data?.from ?? ''}-${data?.to ?? ''}`}>
      <title>{title}</title>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} interactionWidth={16} style={flowing ? { strokeWidth: edgeWidth(rate ?? 0), stroke: edgeColor(rate ?? 0) } : { strokeWidth: 1.5 }} />
      {/* The midpoint handle: a click target, and it gives a straight edge a box of its own. */}
      <circle className="edge-dot" cx={midX} cy={midY} r={4} />
      {flowing && (
        <text className="edge-rate" x={midX} y={midY - 8} textAnchor="middle">
          {formatRate(rate ?? 0)}
        </text>
      )}
    </g>
  );
}

export const RateEdge = memo(RateEdgeView);
