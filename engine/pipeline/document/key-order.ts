/**
 * Orders the keys of a JSON value the way a zod schema declares them, so that serialized
 * documents have one canonical key order and diffs stay small.
 *
 * Invariants: never throws and never adds, drops or changes a value — only object key order
 * changes. Keys the schema knows come first, in declaration order; keys it does not know follow in
 * their input order. Unions pick the option matching the discriminator (or the first option the
 * value satisfies). Record keys keep their input order (they are user data, e.g. field lists).
 */
import type { z } from 'zod';

type Json = unknown;

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: readonly z.ZodType[];
  discriminator?: string;
  getter?: () => z.ZodType;
  values?: readonly unknown[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const isPlainObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Peels wrappers (optional, default, pipe, lazy…) off a schema, with a guard against endless lazies. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let depth = 0; depth < 32; depth++) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined) ?? (def.type === 'lazy' ? def.getter?.() : undefined);
    if (next === undefined) return current;
    current = next;
  }
  return current;
}

function pickUnionOption(def: Def, value: Json): z.ZodType | undefined {
  const options = def.options ?? [];
  if (def.discriminator !== undefined && isPlainObject(value)) {
    const tag = value[def.discriminator];
    for (const option of options) {
      const field = defOf(unwrap(option)).shape?.[def.discriminator];
      if (field !== undefined && (defOf(unwrap(field)).values ?? []).includes(tag)) return option;
    }
  }
  for (const option of options) if (option.safeParse(value).success) return option;
  return options.find((option) => defOf(unwrap(option)).type === 'object');
}

/** Returns a copy of `value` whose object keys follow `schema`'s declaration order. */
export function orderBySchema(value: Json, schema: z.ZodType | undefined): Json {
  if (schema === undefined) return value;
  const inner = unwrap(schema);
  const def = defOf(inner);
  switch (def.type) {
    case 'object': {
      if (!isPlainObject(value)) return value;
      const shape = def.shape ?? {};
      const out: Record<string, Json> = {};
      for (const key of Object.keys(shape)) if (Object.hasOwn(value, key)) out[key] = orderBySchema(value[key], shape[key]);
      for (const key of Object.keys(value)) if (!Object.hasOwn(shape, key)) out[key] = value[key];
      return out;
    }
    case 'record': {
      if (!isPlainObject(value)) return value;
      const out: Record<string, Json> = {};
      for (const key of Object.keys(value)) out[key] = orderBySchema(value[key], def.valueType);
      return out;
    }
    case 'array':
      return Array.isArray(value) ? value.map((item) => orderBySchema(item, def.element)) : value;
    case 'union':
      return orderBySchema(value, pickUnionOption(def, value));
    default:
      return value;
  }
}
