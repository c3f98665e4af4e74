/**
 * One config field generated from its JSON Schema: text, number, checkbox, select (enum), nested
 * object (fieldset), array (rows), union (a type select), expression and code (Monaco), or raw
 * JSON for what the schema does not describe further. Writes go straight to the store (one undo
 * step per field while typing).
 *
 * Invariants: every control carries `data-testid="field-<path>"` (`aggregations[0].fn`); clearing
 * an optional field removes it from the config (its default applies again).
 */
import { useEffect, useState } from 'react';
import { pathPattern } from '../../store/paths.js';
import { fieldKind, parseNumber, type JsonSchema } from '../schema.js';
import { ArrayField } from './ArrayField.js';
import { CodeField, ExpressionField } from './EditorFields.js';
import { diagnosticsAt, useField } from './field-context.js';
import { FieldShell } from './FieldShell.js';
import { ObjectFields } from './ObjectFields.js';
import { UnionField } from './UnionField.js';

export interface SchemaFieldProps {
  schema: JsonSchema;
  path: string;
  label: string;
  required: boolean;
  value: unknown;
}

const inputId = (nodeId: string, path: string) => `field-${nodeId}-${path}`.replace(/[^A-Za-z0-9_-]/g, '_');

function NumberInput({ path, value, integer, required, placeholder, id }: { path: string; value: unknown; integer: boolean; required: boolean; placeholder: string; id: string }) {
  const { setValue } = useField();
  const external = typeof value === 'number' ? String(value) : '';
  const [text, setText] = useState(external);
  const [bad, setBad] = useState(false);
  useEffect(() => {
    setText((current) => (parseNumber(current, integer) === (typeof value === 'number' ? value : undefined) ? current : external));
  }, [external, value, integer]);
  return (
    <input
      id={id}
      data-testid={`field-${path}`}
      inputMode={integer ? 'numeric' : 'decimal'}
      value={text}
      placeholder={placeholder}
      aria-invalid={bad}
      className={bad ? 'bad' : undefined}
      onChange={(e) => {
        const next = e.target.value;
        setText(next);
        const parsed = parseNumber(next, integer);
        setBad(parsed === null);
        if (parsed === null) return;
        if (parsed === undefined && required) return;
        setValue(path, parsed);
      }}
    />
  );
}

function JsonInput({ path, value, id }: { path: string; value: unknown; id: string }) {
  const { setValue } = useField();
  const external = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [text, setText] = useState(external);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(external), [external]);
  return (
    <>
      <textarea
        id={id}
        data-testid={`field-${path}`}
        rows={4}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          if (text.trim() === '') return setValue(path, undefined);
          try {
            setValue(path, JSON.parse(text));
            setError(null);
          } catch (e) {
            setError(e instanceof Error ? e.message : String(e));
          }
        }}
      />
      {error !== null && <div className="sev-error">Not JSON: {error}</div>}
    </>
  );
}

export function SchemaField({ schema, path, label, required, value }: SchemaFieldProps) {
  const ctx = useField();
  const pattern = pathPattern(path);
  const diagnostics = diagnosticsAt(ctx.diagnostics, path);
  const id = inputId(ctx.nodeId, path);
  const shell = (control: React.ReactNode) => (
    <FieldShell label={label} schema={schema} required={required} htmlFor={id} diagnostics={diagnostics}>
      {control}
    </FieldShell>
  );
  const placeholder = schema.default !== undefined && typeof schema.default !== 'object' ? String(schema.default) : '';

  if (ctx.codePaths.has(pattern)) return shell(<CodeField path={path} value={typeof value === 'string' ? value : ''} diagnostics={diagnostics} />);
  if (ctx.expressionPaths.has(pattern) || schema.format === 'sluice-expression') {
    return shell(<ExpressionField path={path} value={typeof value === 'string' ? value : ''} diagnostics={diagnostics} label={label} required={required} />);
  }

  switch (fieldKind(schema)) {
    case 'string':
      return shell(
        <input
          id={id}
          data-testid={`field-${path}`}
          value={typeof value === 'string' ? value : ''}
          placeholder={placeholder}
          onChange={(e) => ctx.setValue(path, e.target.value === '' && !required ? undefined : e.target.value)}
        />,
      );
    case 'number':
    case 'integer':
      return shell(<NumberInput id={id} path={path} value={value} integer={fieldKind(schema) === 'integer'} required={required} placeholder={placeholder} />);
    case 'boolean':
      return shell(
        <input
          id={id}
          type="checkbox"
          data-testid={`field-${path}`}
          checked={typeof value === 'boolean' ? value : schema.default === true}
          onChange={(e) => ctx.setValue(path, e.target.checked)}
        />,
      );
    case 'enum': {
      const options = schema.enum ?? [];
      const index = options.findIndex((o) => o === value);
      return shell(
        <select id={id} data-testid={`field-${path}`} value={index < 0 ? '' : String(index)} onChange={(e) => ctx.setValue(path, e.target.value === '' ? undefined : options[Number(e.target.value)])}>
          {(index < 0 || !required) && <option value="">{schema.default !== undefined ? `default (${String(schema.default)})` : '— choose —'}</option>}
          {options.map((option, i) => (
            <option key={i} value={String(i)}>
              {String(option)}
            </option>
          ))}
        </select>,
      );
    }
    case 'const':
      return shell(<input id={id} data-testid={`field-${path}`} value={String(schema.const)} readOnly />);
    case 'object':
      return <ObjectFields schema={schema} path={path} label={label} value={value} diagnostics={diagnostics} />;
    case 'array':
      return <ArrayField schema={schema} path={path} label={label} value={value} diagnostics={diagnostics} />;
    case 'union':
      return <UnionField schema={schema} path={path} label={label} required={required} value={value} diagnostics={diagnostics} />;
    case 'json':
      return shell(<JsonInput id={id} path={path} value={value} />);
  }
}
