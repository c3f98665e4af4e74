/** The members of a config object as fields; nested objects as fieldsets (the root has none). */
import type { Diagnostic } from '../../../engine/api/index.js';
import type { JsonSchema } from '../schema.js';
import { FieldDiagnostics } from './FieldShell.js';
import { SchemaField } from './SchemaField.js';

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

export function ObjectMembers({ schema, path, value, skip }: { schema: JsonSchema; path: string; value: unknown; skip?: string }) {
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties ?? {})
        .filter(([key]) => key !== skip)
        .map(([key, prop]) => (
          <SchemaField key={key} schema={prop} path={join(path, key)} label={key} required={required.has(key)} value={object[key]} />
        ))}
    </>
  );
}

export function ObjectFields({ schema, path, label, value, diagnostics }: { schema: JsonSchema; path: string; label: string; value: unknown; diagnostics: readonly Diagnostic[] }) {
  return (
    <fieldset className="object-field">
      <legend>{label}</legend>
      {schema.description !== undefined && <div className="description">{schema.description}</div>}
      <FieldDiagnostics diagnostics={diagnostics} />
      <ObjectMembers schema={schema} path={path} value={value} />
    </fieldset>
  );
}
