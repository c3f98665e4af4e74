/**
 * `catalog.list`: the node catalog as the studio's palette and config forms need it — every
 * manifest with its config schema as JSON Schema, a ready-to-use default config, its static ports
 * and which config fields hold expressions or code.
 *
 * Invariants: expression fields are derived from the schemas (the catalog marks them with
 * `format: "sluice-expression"`, see engine/pipeline/catalog/fields.ts), never listed by hand;
 * code fields have no marker in the catalog, so CODE_FIELDS lists them (a test checks each names a
 * string field of its kind). A default config is the schema's defaults plus, for required fields
 * the schema gives no default, the placeholder below; placeholders never replace a schema default,
 * and every default config passes its schema (tested).
 */
import { z } from 'zod';
import type { NodeKindDto, NodePortsDto, PortSpecDto } from '../api/dto.js';
import { listManifests, PALETTE_GROUPS, type NodeManifest, type NodePorts, type PortSpec } from '../pipeline/catalog/index.js';

/** Config fields holding TypeScript source, per kind. */
export const CODE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'transform.code@1': ['source'],
};

/** Values for required fields that have no schema default, so a new node starts out valid. */
export const PLACEHOLDERS: Readonly<Record<string, Record<string, unknown>>> = {
  'source.topic@1': { topic: 'input' },
  'table.topic@1': { topic: 'table' },
  'source.datagen@1': { generator: 'orders' },
  'transform.filter@1': { expr: 'true' },
  'transform.map@1': { operations: [{ op: 'set', field: 'value.seen', expr: 'true' }] },
  'transform.select-key@1': { expr: 'key' },
  'transform.flat-map@1': { field: 'value.items' },
  'transform.branch@1': { conditions: [{ name: 'matched', expr: 'true' }] },
  // Typed with the ambient types the studio's editor declares (SluiceRecord…); esbuild strips them.
  'transform.code@1': {
    source:
      '// Runs once per record. Return a record, an array of records, or null to drop it.\n' +
      'export default function transform(record: SluiceRecord, ctx: SluiceContext): SluiceOutput | SluiceOutput[] | null {\n' +
      '  return { key: record.key, value: record.value };\n' +
      '}\n',
  },
  'aggregate.window@1': { groupBy: 'key', window: { type: 'tumbling', sizeMs: 60_000 }, aggregations: [{ fn: 'count', as: 'count' }] },
  'sink.topic@1': { topic: 'output' },
};

const EXPRESSION_FORMAT = 'sluice-expression';

type JsonSchema = Record<string, unknown>;

const isObject = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Dotted paths (`[]` for array items) of every schema node whose `format` is `format`. */
export function fieldsWithFormat(schema: unknown, format: string, prefix = ''): string[] {
  if (!isObject(schema)) return [];
  const found = new Set<string>();
  if (schema.format === format && prefix !== '') found.add(prefix);
  if (isObject(schema.properties)) {
    for (const [key, child] of Object.entries(schema.properties)) {
      for (const path of fieldsWithFormat(child, format, prefix === '' ? key : `${prefix}.${key}`)) found.add(path);
    }
  }
  if (schema.items !== undefined) for (const path of fieldsWithFormat(schema.items, format, `${prefix}[]`)) found.add(path);
  for (const combinator of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = schema[combinator];
    if (Array.isArray(branches)) for (const branch of branches) for (const path of fieldsWithFormat(branch, format, prefix)) found.add(path);
  }
  return [...found];
}

/** The JSON Schema (draft 2020-12) of a config schema, as accepted on input (defaults optional). */
export function configJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** The schema's own default for each top-level field that has one (optional fields without a default are left out). */
function schemaDefaults(schema: z.ZodType): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  if (!(schema instanceof z.ZodObject)) return defaults;
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const parsed = field.safeParse(undefined);
    if (parsed.success && parsed.data !== undefined) defaults[key] = parsed.data;
  }
  return defaults;
}

/** The config a new node of this kind starts with. */
export function defaultConfigOf(manifest: NodeManifest): Record<string, unknown> {
  const partial = schemaDefaults(manifest.configSchema);
  const candidate = { ...PLACEHOLDERS[manifest.kind], ...partial };
  const parsed = manifest.configSchema.safeParse(candidate);
  return parsed.success && isObject(parsed.data) ? parsed.data : candidate;
}

function portDto(port: PortSpec): PortSpecDto {
  const dto: PortSpecDto = { name: port.name, type: port.type, description: port.description };
  if (port.accepts !== undefined) dto.accepts = [...port.accepts];
  if (port.required !== undefined) dto.required = port.required;
  if (port.multiple !== undefined) dto.multiple = port.multiple;
  return dto;
}

export function portsDto(ports: NodePorts): NodePortsDto {
  return { inputs: ports.inputs.map(portDto), outputs: ports.outputs.map(portDto) };
}

function kindDto(manifest: NodeManifest): NodeKindDto {
  const configSchema = configJsonSchema(manifest.configSchema);
  return {
    kind: manifest.kind,
    group: manifest.group,
    title: manifest.title,
    description: manifest.description,
    configSchema,
    defaultConfig: defaultConfigOf(manifest),
    ports: portsDto({ inputs: manifest.inputs, outputs: manifest.outputs }),
    expressionFields: fieldsWithFormat(configSchema, EXPRESSION_FORMAT),
    codeFields: [...(CODE_FIELDS[manifest.kind] ?? [])],
  };
}

let cached: { groups: string[]; kinds: NodeKindDto[] } | undefined;

/** The whole catalog (computed once; the catalog is static). Callers must not mutate it. */
export function listCatalog(): { groups: string[]; kinds: NodeKindDto[] } {
  cached ??= {
    groups: PALETTE_GROUPS.filter((group) => listManifests().some((m) => m.group === group)),
    kinds: listManifests().map(kindDto),
  };
  return cached;
}
