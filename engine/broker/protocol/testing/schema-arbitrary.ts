/**
 * Test support: fast-check arbitraries built from a message schema, for one version. Values
 * respect the version: fields absent in it carry their defaults (what the decoder produces),
 * `null` appears only where the version allows it, int64 values stay safe integers, strings are
 * valid Unicode (they must round-trip through UTF-8). Used by the protocol tests only.
 */
import fc from 'fast-check';
import { defaultFactory, ZERO_UUID } from '../defaults.js';
import type { Field, FieldType, MessageSpec, PrimitiveType, StructType } from '../schema.js';
import { inVersions } from '../schema.js';

const BIG_BYTES = fc.integer({ min: 1024, max: 4096 }).map((n) => Buffer.alloc(n, n & 0xff));

function primitive(type: PrimitiveType): fc.Arbitrary<unknown> {
  switch (type) {
    case 'int8':
      return fc.integer({ min: -128, max: 127 });
    case 'int16':
      return fc.integer({ min: -32768, max: 32767 });
    case 'uint16':
      return fc.integer({ min: 0, max: 65535 });
    case 'int32':
      return fc.integer({ min: -2147483648, max: 2147483647 });
    case 'int64':
      return fc.oneof(fc.maxSafeInteger(), fc.constantFrom(-1, 0, 2 ** 40 + 7, -(2 ** 53 - 1)));
    case 'float64':
      return fc.double({ noNaN: true });
    case 'bool':
      return fc.boolean();
    case 'string':
      return fc.string({ unit: 'grapheme', maxLength: 12 });
    case 'uuid':
      return fc.oneof(fc.uuid(), fc.constant(ZERO_UUID));
    case 'bytes':
    case 'records':
      return fc.oneof(
        { weight: 8, arbitrary: fc.uint8Array({ maxLength: 24 }).map((a) => Buffer.from(a)) },
        { weight: 1, arbitrary: BIG_BYTES },
      );
  }
}

function typeArbitrary(type: FieldType, version: number): fc.Arbitrary<unknown> {
  if (typeof type === 'string') return primitive(type);
  if (type.kind === 'struct') return structArbitrary(type, version);
  const of = type.of;
  const element = typeof of === 'string' ? primitive(of) : structArbitrary(of, version);
  return fc.array(element, { maxLength: 3 });
}

function fieldArbitrary(field: Field, version: number): fc.Arbitrary<unknown> {
  if (!inVersions(field.versions, version)) {
    const factory = defaultFactory(field);
    return fc.constant(null).map(() => factory());
  }
  const value = typeArbitrary(field.type, version);
  return inVersions(field.nullableVersions, version) ? fc.option(value, { nil: null, freq: 4 }) : value;
}

function fieldsArbitrary(fields: readonly Field[], version: number): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of fields) model[field.name] = fieldArbitrary(field, version);
  return fc.record(model);
}

function structArbitrary(type: StructType, version: number): fc.Arbitrary<Record<string, unknown>> {
  return fieldsArbitrary(type.fields, version);
}

/** Arbitrary full message bodies of `spec` at `version`. */
export function messageArbitrary(spec: MessageSpec, version: number): fc.Arbitrary<Record<string, unknown>> {
  return fieldsArbitrary(spec.fields, version);
}
