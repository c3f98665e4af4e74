/**
 * Compiles a struct's field list, for one version, into a decoding closure. All decisions that
 * depend only on (schema, version) — which fields exist, classic or compact encoding, nullability,
 * tagged or not, element minimum sizes — are taken here once, so decoding a message runs a flat
 * list of prebuilt closures.
 *
 * Invariants of the decoded object: it has every field of the schema in spec order (so all
 * objects of one struct share a shape); fields absent in the version, and tagged fields not
 * sent, hold their defaults; unknown tagged fields are skipped; a null where the version does not
 * allow one throws DecodeError naming the field.
 */
import { DecodeError } from './codec-errors.js';
import { defaultFactory } from './defaults.js';
import type { Reader } from './reader.js';
import type { Field, FieldType, PrimitiveType, StructType } from './schema.js';
import { inVersions } from './schema.js';

export type ReadFn = (reader: Reader) => unknown;
export type StructReadFn = (reader: Reader) => Record<string, unknown>;

interface Context {
  version: number;
  flexible: boolean;
}

export function compileStructReader(
  fields: readonly Field[],
  version: number,
  flexible: boolean,
): StructReadFn {
  const ctx: Context = { version, flexible };
  const names: string[] = [];
  const readers: ReadFn[] = [];
  const tagged = new Map<number, { name: string; read: ReadFn }>();
  for (const field of fields) {
    names.push(field.name);
    if (!inVersions(field.versions, version)) {
      const factory = defaultFactory(field);
      readers.push(() => factory());
    } else if (flexible && field.tag !== undefined && inVersions(field.taggedVersions, version)) {
      const factory = defaultFactory(field);
      readers.push(() => factory());
      tagged.set(field.tag, { name: field.name, read: fieldReader(field, ctx) });
    } else {
      readers.push(fieldReader(field, ctx));
    }
  }
  const count = names.length;
  // Every decoded object starts as a clone of this template, so all objects of the struct share
  // one hidden class and the stores below never add properties.
  const template: Record<string, unknown> = {};
  for (const name of names) template[name] = undefined;
  if (!flexible) {
    return (reader) => {
      const out = { ...template };
      for (let i = 0; i < count; i++) out[names[i]!] = readers[i]!(reader);
      return out;
    };
  }
  return (reader) => {
    const out = { ...template };
    for (let i = 0; i < count; i++) out[names[i]!] = readers[i]!(reader);
    let tags = reader.uvarint();
    while (tags-- > 0) {
      const tag = reader.uvarint();
      const size = reader.uvarint();
      const known = tagged.get(tag);
      if (known) out[known.name] = known.read(reader.sub(size));
      else reader.skip(size);
    }
    return out;
  };
}

function fieldReader(field: Field, ctx: Context): ReadFn {
  const nullable = inVersions(field.nullableVersions, ctx.version);
  const compact = ctx.flexible && field.flexibleVersions !== 'none';
  return typeReader(field.type, field.name, nullable, compact, ctx);
}

function typeReader(
  type: FieldType,
  name: string,
  nullable: boolean,
  compact: boolean,
  ctx: Context,
): ReadFn {
  if (typeof type === 'string') return primitiveReader(type, name, nullable, compact);
  if (type.kind === 'struct') {
    const read = compileStructReader(type.fields, ctx.version, ctx.flexible);
    return nullable ? nullableStruct(read) : read;
  }
  const of = type.of;
  const element: ReadFn =
    typeof of === 'string'
      ? primitiveReader(of, name, false, compact)
      : compileStructReader(of.fields, ctx.version, ctx.flexible);
  const minSize = minSizeOf(of, ctx.version, compact);
  return (reader) => {
    const count = reader.arrayCount(compact, minSize);
    if (count === -1) {
      if (nullable) return null;
      throw nullError(name);
    }
    const out: unknown[] = [];
    for (let i = 0; i < count; i++) out.push(element(reader));
    return out;
  };
}

/** Kafka writes a nullable struct as int8 -1 (null) or 1 followed by the struct. */
function nullableStruct(read: ReadFn): ReadFn {
  return (reader) => (reader.int8() < 0 ? null : read(reader));
}

function primitiveReader(type: PrimitiveType, name: string, nullable: boolean, compact: boolean): ReadFn {
  switch (type) {
    case 'int8':
      return (r) => r.int8();
    case 'int16':
      return (r) => r.int16();
    case 'uint16':
      return (r) => r.uint16();
    case 'int32':
      return (r) => r.int32();
    case 'int64':
      return (r) => r.int64();
    case 'float64':
      return (r) => r.float64();
    case 'bool':
      return (r) => r.bool();
    case 'uuid':
      return (r) => r.uuid();
    case 'string': {
      const read = compact ? (r: Reader) => r.compactNullableString() : (r: Reader) => r.nullableString();
      return nullable ? read : nonNull(read, name);
    }
    case 'bytes':
    case 'records': {
      const read = compact ? (r: Reader) => r.compactNullableBytes() : (r: Reader) => r.nullableBytes();
      return nullable ? read : nonNull(read, name);
    }
  }
}

function nonNull(read: ReadFn, name: string): ReadFn {
  return (reader) => {
    const value = read(reader);
    if (value === null) throw nullError(name);
    return value;
  };
}

function nullError(name: string): DecodeError {
  return new DecodeError(`non-nullable field ${name} was serialized as null`);
}

/** The fewest bytes one value of `type` can take (used to bound array counts). */
export function minSizeOf(type: PrimitiveType | StructType, version: number, compact: boolean): number {
  if (typeof type !== 'string') {
    let size = compact ? 1 : 0;
    for (const field of type.fields) {
      if (!inVersions(field.versions, version)) continue;
      if (compact && field.tag !== undefined && inVersions(field.taggedVersions, version)) continue;
      const t = field.type;
      if (typeof t === 'string') size += minSizeOf(t, version, compact);
      else if (t.kind === 'array') size += compact ? 1 : 4;
      else size += inVersions(field.nullableVersions, version) ? 1 : minSizeOf(t, version, compact);
    }
    return size;
  }
  switch (type) {
    case 'int8':
    case 'bool':
      return 1;
    case 'int16':
    case 'uint16':
      return 2;
    case 'int32':
      return 4;
    case 'int64':
    case 'float64':
      return 8;
    case 'uuid':
      return 16;
    case 'string':
      return compact ? 1 : 2;
    case 'bytes':
    case 'records':
      return compact ? 1 : 4;
  }
}
