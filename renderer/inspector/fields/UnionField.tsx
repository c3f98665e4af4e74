/**
 * A `oneOf`/`anyOf` field: a select of the alternatives (by their discriminator, e.g. window
 * `type`, or by value type), then the chosen alternative's fields. Switching keeps members both
 * alternatives share.
 */
import type { Diagnostic } from '../../../engine/api/index.js';
import { fieldKind, matchUnion, switchAlternative, unionInfo, type JsonSchema } from '../schema.js';
import { useField } from './field-context.js';
import { FieldDiagnostics } from './FieldShell.js';
import { ObjectMembers } from './ObjectFields.js';
import { SchemaField } from './SchemaField.js';

export function UnionField({
  schema,
  path,
  label,
  required,
  value,
  diagnostics,
}: {
  schema: JsonSchema;
  path: string;
  label: string;
  required: boolean;
  value: unknown;
  diagnostics: readonly Diagnostic[];
}) {
  const { setValue } = useField();
  const info = unionInfo(schema);
  const index = matchUnion(info, value);
  const chosen = index < 0 ? undefined : info.options[index];
  const selectPath = info.discriminator !== null ? `${path}.${info.discriminator}` : `${path}-type`;
  return (
    <fieldset className="union-field">
      <legend>
        {label}
        {required && <span className="required"> *</span>}
      </legend>
      {schema.description !== undefined && <div className="description">{schema.description}</div>}
      <div className="field">
        <label>{info.discriminator ?? 'type'}</label>
        <select
          data-testid={`field-${selectPath}`}
          value={index < 0 ? '' : String(index)}
          onChange={(e) => {
            const option = info.options[Number(e.target.value)];
            setValue(path, e.target.value === '' || option === undefined ? undefined : switchAlternative(option.schema, value));
          }}
        >
          {index < 0 && <option value="">{value === undefined ? '— not set —' : '— unrecognised —'}</option>}
          {info.options.map((option, i) => (
            <option key={i} value={String(i)}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <FieldDiagnostics diagnostics={diagnostics} />
      {chosen !== undefined &&
        (fieldKind(chosen.schema) === 'object' ? (
          <ObjectMembers schema={chosen.schema} path={path} value={value} {...(info.discriminator !== null ? { skip: info.discriminator } : {})} />
        ) : (
          <SchemaField schema={chosen.schema} path={path} label={`${label} (${chosen.label})`} required={required} value={value} />
        ))}
    </fieldset>
  );
}
