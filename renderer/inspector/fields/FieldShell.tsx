/** Label, description, default and the engine's diagnostics around one generated field. */
import type { ReactNode } from 'react';
import type { Diagnostic } from '../../../engine/api/index.js';
import type { JsonSchema } from '../schema.js';
import { boundsHint } from '../schema.js';

export function FieldDiagnostics({ diagnostics }: { diagnostics: readonly Diagnostic[] }) {
  if (diagnostics.length === 0) return null;
  return (
    <ul className="field-diagnostics">
      {diagnostics.map((d, i) => (
        <li key={i} className={`sev-${d.severity}`} data-testid="field-diagnostic">
          {d.column !== undefined ? `col ${d.column}${d.line !== undefined && d.line > 1 ? `, line ${d.line}` : ''}: ` : ''}
          {d.message}
        </li>
      ))}
    </ul>
  );
}

const describeDefault = (value: unknown): string => (typeof value === 'string' ? `"${value}"` : JSON.stringify(value));

export function FieldShell({
  label,
  schema,
  required,
  htmlFor,
  diagnostics,
  children,
}: {
  label: string;
  schema: JsonSchema;
  required: boolean;
  htmlFor?: string;
  diagnostics: readonly Diagnostic[];
  children: ReactNode;
}) {
  const hints = [schema.default !== undefined && typeof schema.default !== 'object' ? `default ${describeDefault(schema.default)}` : null, boundsHint(schema)].filter(
    (h) => h !== null,
  );
  return (
    <div className={`field${diagnostics.some((d) => d.severity === 'error') ? ' invalid' : ''}`}>
      <label htmlFor={htmlFor}>
        {label}
        {required && <span className="required" title="required"> *</span>}
        {hints.length > 0 && <span className="hint"> · {hints.join(' · ')}</span>}
      </label>
      {children}
      {schema.description !== undefined && <div className="description">{schema.description}</div>}
      <FieldDiagnostics diagnostics={diagnostics} />
    </div>
  );
}
