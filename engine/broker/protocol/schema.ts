/**
 * The declarative message-schema DSL. Each Kafka message (request, response, header, or embedded
 * data such as the consumer protocol) is written as a `MessageSpec`: the list of its fields with
 * the facts Kafka's JSON message definitions state, in the same order: name (camelCase), type,
 * `versions`, `nullableVersions`, `taggedVersions` + `tag`, `default`, `ignorable`, and the
 * message's `flexibleVersions`. The generic codec (plan-read.ts / plan-write.ts) is driven by
 * these specs only; nothing here knows any particular API.
 *
 * Value representation (invariants the codec and the typed interfaces share):
 *   int8/int16/int32/uint16/float64 → number; int64 → number (a safe integer: offsets,
 *   timestamps and producer ids stay below 2^53; larger wire values are rounded on read and
 *   clamped to the int64 range on write; no bigint on any path); bool → boolean;
 *   string → string; uuid → lowercase RFC 4122 text ("xxxxxxxx-xxxx-…", all zeros = none);
 *   bytes → Buffer; records → Buffer (never decoded here); arrays → JS arrays; structs → objects.
 *   A field nullable in some version has `| null` in its type.
 *
 * `MessageValue<F>` infers the decoded object type of a field list, so each API file can prove at
 * compile time that its hand-written interface matches its schema (`Assert<Same<…>>`).
 */

export type PrimitiveType =
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint16'
  | 'float64'
  | 'bool'
  | 'string'
  | 'bytes'
  | 'records'
  | 'uuid';

/** A version range as Kafka writes it: "3+", "0-7", "0", or "none". */
export type Versions = `${number}+` | `${number}-${number}` | `${number}` | 'none';

export interface StructType<F extends readonly Field[] = readonly Field[]> {
  readonly kind: 'struct';
  /** Kafka's struct name (documentation and error messages only). */
  readonly name: string;
  readonly fields: F;
}

export interface ArrayType<E extends PrimitiveType | StructType = PrimitiveType | StructType> {
  readonly kind: 'array';
  readonly of: E;
}

export type FieldType = PrimitiveType | StructType | ArrayType;

export type DefaultValue = number | boolean | string | null;

export interface Field {
  /** Kafka's field name in camelCase. */
  readonly name: string;
  readonly type: FieldType;
  readonly versions: Versions;
  readonly nullableVersions?: Versions;
  /** With `tag`: in these versions the field travels in its struct's tagged-field buffer. */
  readonly taggedVersions?: Versions;
  readonly tag?: number;
  /** The value when absent (older version, or tagged and not sent). Type-based when omitted. */
  readonly default?: DefaultValue;
  /** Documentation only: Kafka may drop this field silently when a version cannot carry it. */
  readonly ignorable?: boolean;
  /** 'none': never use compact encoding (RequestHeader.clientId). */
  readonly flexibleVersions?: 'none';
}

export interface MessageSpec<F extends readonly Field[] = readonly Field[]> {
  readonly name: string;
  readonly apiKey?: number;
  readonly type: 'request' | 'response' | 'header' | 'data';
  /** Every version Kafka defines (Sluice may support fewer; see registry.ts). */
  readonly validVersions: Versions;
  readonly flexibleVersions: Versions;
  readonly fields: F;
}

/** Declares a message; `const` keeps the literal field types for `MessageValue`. */
export function message<const F extends readonly Field[]>(spec: MessageSpec<F>): MessageSpec<F> {
  return spec;
}

export function struct<const F extends readonly Field[]>(name: string, fields: F): StructType<F> {
  return { kind: 'struct', name, fields };
}

export function arrayOf<const E extends PrimitiveType | StructType>(of: E): ArrayType<E> {
  return { kind: 'array', of };
}

const MAX_VERSION = 0x7fff;

/** Parses a version range into inclusive bounds; "none" is the empty range (min > max). */
export function parseVersions(range: Versions): { min: number; max: number } {
  if (range === 'none') return { min: 1, max: 0 };
  const plus = /^(\d+)\+$/.exec(range);
  if (plus) return { min: Number(plus[1]), max: MAX_VERSION };
  const span = /^(\d+)-(\d+)$/.exec(range);
  if (span) return { min: Number(span[1]), max: Number(span[2]) };
  const single = /^(\d+)$/.exec(range);
  if (single) return { min: Number(single[1]), max: Number(single[1]) };
  throw new TypeError(`bad version range "${range}"`);
}

export function inVersions(range: Versions | undefined, version: number): boolean {
  if (range === undefined) return false;
  const { min, max } = parseVersions(range);
  return version >= min && version <= max;
}

// ---- Type-level inference of decoded values -------------------------------------------------

type NumericType = 'int8' | 'int16' | 'int32' | 'int64' | 'uint16' | 'float64';

export type ValueOfType<T> = T extends NumericType
  ? number
  : T extends 'bool'
    ? boolean
    : T extends 'string' | 'uuid'
      ? string
      : T extends 'bytes' | 'records'
        ? Buffer
        : T extends ArrayType<infer E>
          ? ValueOfType<E>[]
          : T extends StructType<infer F>
            ? MessageValue<F>
            : never;

type FieldValue<F extends Field> = F extends { readonly nullableVersions: Versions }
  ? ValueOfType<F['type']> | null
  : ValueOfType<F['type']>;

/** The decoded object type of a field list. */
export type MessageValue<F extends readonly Field[]> = {
  [X in F[number] as X['name']]: FieldValue<X>;
};

/** What the encoder accepts: any field may be left out (it is written as its default). */
export type Encodable<T> = T extends Buffer
  ? T
  : T extends readonly (infer E)[]
    ? Encodable<E>[]
    : T extends object
      ? { [K in keyof T]?: Encodable<T[K]> }
      : T;

/** `true` when A and B are mutually assignable. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time assertion: `type _Check = Assert<Same<X, Y>>` fails to compile unless true. */
export type Assert<T extends true> = T;
