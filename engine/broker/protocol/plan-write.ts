/**
 * Compiles a struct's field list, for one version, into an encoding closure (the mirror of
 * plan-read.ts).
 *
 * Invariants: fields absent in the version are skipped; a field left `undefined` is written as
 * its default; tagged fields are written (in ascending tag order) only when they differ from
 * their default; every struct of a flexible version ends with its TAG_BUFFER; `null` in a field
 * the version does not allow to be null throws EncodeError naming the field.
 */
import { EncodeError } from './codec-errors.js';
import { defaultFactory, defaultTester } from './defaults.js';
import type { Field, FieldType, PrimitiveType } from './schema.js';
import { inVersions } from './schema.js';
import { Writer } from './writer.js';

export type WriteFn = (writer: Writer, value: unknown) => void;

interface Context {
  version: number;
  flexible: boolean;
}

interface TaggedEntry {
  name: string;
  tag: number;
  write: WriteFn;
  isDefault: (value: unknown) => boolean;
}

export function compileStructWriter(
  fields: readonly Field[],
  version: number,
  flexible: boolean,
  path: string,
): WriteFn {
  const ctx: Context = { version, flexible };
  const names: string[] = [];
  const writers: WriteFn[] = [];
  const defaults: (() => unknown)[] = [];
  const tagged: TaggedEntry[] = [];
  for (const field of fields) {
    if (!inVersions(field.versions, version)) continue;
    const write = fieldWriter(field, ctx, `${path}.${field.name}`);
    if (flexible && field.tag !== undefined && inVersions(field.taggedVersions, version)) {
      tagged.push({ name: field.name, tag: field.tag, write, isDefault: defaultTester(field, version) });
    } else {
      names.push(field.name);
      writers.push(write);
      defaults.push(defaultFactory(field));
    }
  }
  tagged.sort((a, b) => a.tag - b.tag);
  const count = names.length;
  return (writer, value) => {
    if (value === null || typeof value !== 'object') throw new EncodeError(`${path} must be an object`);
    const record = value as Record<string, unknown>;
    for (let i = 0; i < count; i++) {
      const v = record[names[i]!];
      writers[i]!(writer, v === undefined ? defaults[i]!() : v);
    }
    if (!flexible) return;
    if (tagged.length === 0) {
      writer.emptyTaggedFields();
      return;
    }
    writeTaggedFields(writer, record, tagged);
  };
}

function writeTaggedFields(
  writer: Writer,
  record: Record<string, unknown>,
  tagged: readonly TaggedEntry[],
): void {
  const present: { tag: number; data: Buffer }[] = [];
  for (const entry of tagged) {
    const v = record[entry.name];
    if (v === undefined || entry.isDefault(v)) continue;
    const sub = new Writer(64);
    entry.write(sub, v);
    present.push({ tag: entry.tag, data: sub.toBuffer() });
  }
  writer.taggedFields(present);
}

function fieldWriter(field: Field, ctx: Context, path: string): WriteFn {
  const nullable = inVersions(field.nullableVersions, ctx.version);
  const compact = ctx.flexible && field.flexibleVersions !== 'none';
  return typeWriter(field.type, path, nullable, compact, ctx);
}

function typeWriter(
  type: FieldType,
  path: string,
  nullable: boolean,
  compact: boolean,
  ctx: Context,
): WriteFn {
  if (typeof type === 'string') return primitiveWriter(type, path, nullable, compact);
  if (type.kind === 'struct') {
    const write = compileStructWriter(type.fields, ctx.version, ctx.flexible, path);
    if (!nullable) return write;
    return (writer, value) => {
      if (value === null) {
        writer.int8(-1);
        return;
      }
      writer.int8(1);
      write(writer, value);
    };
  }
  const of = type.of;
  const element: WriteFn =
    typeof of === 'string'
      ? primitiveWriter(of, `${path}[]`, false, compact)
      : compileStructWriter(of.fields, ctx.version, ctx.flexible, `${path}[]`);
  return (writer, value) => {
    if (value === null) {
      if (!nullable) throw nullError(path);
      writer.arrayCount(null, compact);
      return;
    }
    if (!Array.isArray(value)) throw new EncodeError(`${path} must be an array`);
    writer.arrayCount(value.length, compact);
    for (let i = 0; i < value.length; i++) element(writer, value[i]);
  };
}

function primitiveWriter(type: PrimitiveType, path: string, nullable: boolean, compact: boolean): WriteFn {
  switch (type) {
    case 'int8':
      return (w, v) => w.int8(v as number);
    case 'int16':
      return (w, v) => w.int16(v as number);
    case 'uint16':
      return (w, v) => w.uint16(v as number);
    case 'int32':
      return (w, v) => w.int32(v as number);
    case 'int64':
      return (w, v) => w.int64(v as number);
    case 'float64':
      return (w, v) => w.float64(v as number);
    case 'bool':
      return (w, v) => w.bool(v as boolean);
    case 'uuid':
      return (w, v) => w.uuid(v as string);
    case 'string': {
      if (compact) {
        return nullable
          ? (w, v) => w.compactNullableString(v as string | null)
          : (w, v) => w.compactString(nonNull(v, path) as string);
      }
      return nullable
        ? (w, v) => w.nullableString(v as string | null)
        : (w, v) => w.string(nonNull(v, path) as string);
    }
    case 'bytes':
    case 'records': {
      if (compact) {
        return nullable
          ? (w, v) => w.compactNullableBytes(v as Uint8Array | null)
          : (w, v) => w.compactBytes(nonNull(v, path) as Uint8Array);
      }
      return nullable
        ? (w, v) => w.nullableBytes(v as Uint8Array | null)
        : (w, v) => w.bytes(nonNull(v, path) as Uint8Array);
    }
  }
}

function nonNull(value: unknown, path: string): unknown {
  if (value === null) throw nullError(path);
  return value;
}

function nullError(path: string): EncodeError {
  return new EncodeError(`${path} is not nullable in this version but is null`);
}
