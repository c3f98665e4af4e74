/**
 * Reading the catalog's JSON Schemas (draft 2020-12, as zod emits them) for the generated
 * inspector: what control a schema wants, the alternatives of a `oneOf`/`anyOf` (discriminated by a
 * `const` property, or by type), and the value a new field, array item or alternative starts with.
 * Pure functions; the form components (SchemaField…) only render what these decide.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  default?: unknown;
  description?: string;
  title?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  pattern?: string;
  [key: string]: unknown;
}

export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'const' | 'object' | 'array' | 'union' | 'json';

export function fieldKind(schema: JsonSchema): FieldKind {
  if (schema.oneOf !== undefined || schema.anyOf !== undefined) return 'union';
  if (schema.const !== undefined) return 'const';
  if (Array.isArray(schema.enum)) return 'enum';
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'object':
      return schema.properties !== undefined ? 'object' : 'json';
    case 'array':
      return schema.items !== undefined ? 'array' : 'json';
    default:
      return schema.properties !== undefined ? 'object' : 'json';
  }
}

export interface UnionOption {
  label: string;
  schema: JsonSchema;
}

export interface UnionInfo {
  /** The property whose `const` tells the alternatives apart (`type`, `op`), if any. */
  discriminator: string | null;
  options: UnionOption[];
}

const typeLabel = (schema: JsonSchema): string => {
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'value');
  return schema.format !== undefined ? `${type} (${schema.format})` : type;
};

export function unionInfo(schema: JsonSchema): UnionInfo {
  const alternatives = schema.oneOf ?? schema.anyOf ?? [];
  const first = alternatives[0]?.properties;
  const discriminator =
    first === undefined
      ? null
      : (Object.keys(first).find((key) => alternatives.every((alt) => alt.properties?.[key]?.const !== undefined)) ?? null);
  return {
    discriminator,
    options: alternatives.map((alt) => ({
      label: discriminator !== null ? String(alt.properties?.[discriminator]?.const) : typeLabel(alt),
      schema: alt,
    })),
  };
}

function matchesType(schema: JsonSchema, value: unknown): boolean {
  switch (schema.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return false;
  }
}

/** Which alternative `value` is (-1 when none matches, e.g. unset). */
export function matchUnion(info: UnionInfo, value: unknown): number {
  if (info.discriminator !== null) {
    const tag = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[info.discriminator] : undefined;
    return info.options.findIndex((o) => o.schema.properties?.[info.discriminator as string]?.const === tag);
  }
  return info.options.findIndex((o) => matchesType(o.schema, value));
}

/** The value a new instance starts with: its default, else a minimal value (required members filled). */
export function initialValue(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.const !== undefined) return schema.const;
  const kind = fieldKind(schema);
  switch (kind) {
    case 'enum':
      return schema.enum?.[0];
    case 'union': {
      const first = unionInfo(schema).options[0];
      return first === undefined ? undefined : initialValue(first.schema);
    }
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        if (!(schema.required ?? []).includes(key) && prop.default === undefined) continue;
        const value = initialValue(prop);
        if (value !== undefined) object[key] = value;
      }
      return object;
    }
    case 'array':
      return [];
    case 'string':
      return '';
    case 'boolean':
      return false;
    default:
      return undefined;
  }
}

/** Switching alternatives: the new one's initial value, keeping members both alternatives have. */
export function switchAlternative(option: JsonSchema, current: unknown): unknown {
  const fresh = initialValue(option);
  if (typeof fresh !== 'object' || fresh === null || Array.isArray(fresh) || typeof current !== 'object' || current === null) return fresh;
  const kept: Record<string, unknown> = { ...(fresh as Record<string, unknown>) };
  for (const [key, value] of Object.entries(current as Record<string, unknown>)) {
    const prop = option.properties?.[key];
    if (prop !== undefined && prop.const === undefined) kept[key] = value;
  }
  return kept;
}

/** Parses what the user typed into a number field: undefined when empty, null when not a number. */
export function parseNumber(text: string, integer: boolean): number | undefined | null {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) return null;
  return n;
}

/** A short human hint of a schema's bounds, e.g. `> 0`, `0 – 1`. */
export function boundsHint(schema: JsonSchema): string | null {
  const min = schema.exclusiveMinimum !== undefined ? `> ${schema.exclusiveMinimum}` : schema.minimum !== undefined && schema.minimum > -1e15 ? `≥ ${schema.minimum}` : null;
  const max = schema.maximum !== undefined && schema.maximum < 1e15 ? `≤ ${schema.maximum}` : null;
  return [min, max].filter((x) => x !== null).join(', ') || null;
}
