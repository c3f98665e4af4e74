/** An array in the config: one row per item (fields from the item schema), add, remove, reorder. */
import type { Diagnostic } from '../../../engine/api/index.js';
import { initialValue, type JsonSchema } from '../schema.js';
import { useField } from './field-context.js';
import { FieldDiagnostics } from './FieldShell.js';
import { SchemaField } from './SchemaField.js';

export function ArrayField({ schema, path, label, value, diagnostics }: { schema: JsonSchema; path: string; label: string; value: unknown; diagnostics: readonly Diagnostic[] }) {
  const { setValue } = useField();
  const items = Array.isArray(value) ? (value as unknown[]) : [];
  const itemSchema = schema.items ?? {};
  const move = (from: number, to: number) => {
    const next = [...items];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item);
    setValue(path, next);
  };
  return (
    <fieldset className="array-field" data-testid={`field-${path}`}>
      <legend>
        {label} <span className="hint">({items.length})</span>
      </legend>
      {schema.description !== undefined && <div className="description">{schema.description}</div>}
      <FieldDiagnostics diagnostics={diagnostics} />
      {items.map((item, index) => (
        <div className="array-item" key={index}>
          <div className="array-item-bar">
            <span>#{index + 1}</span>
            <span className="spacer" />
            <button type="button" onClick={() => move(index, index - 1)} disabled={index === 0} title="Move up" aria-label={`Move item ${index + 1} up`}>
              ↑
            </button>
            <button type="button" onClick={() => move(index, index + 1)} disabled={index === items.length - 1} title="Move down" aria-label={`Move item ${index + 1} down`}>
              ↓
            </button>
            <button
              type="button"
              className="danger"
              data-testid={`remove-${path}[${index}]`}
              onClick={() => setValue(path, items.filter((_, i) => i !== index))}
              title="Remove"
              aria-label={`Remove item ${index + 1}`}
            >
              ×
            </button>
          </div>
          <SchemaField schema={itemSchema} path={`${path}[${index}]`} label={`${label}[${index}]`} required value={item} />
        </div>
      ))}
      <button type="button" data-testid={`add-${path}`} onClick={() => setValue(path, [...items, initialValue(itemSchema)])}>
        + Add
      </button>
    </fieldset>
  );
}
