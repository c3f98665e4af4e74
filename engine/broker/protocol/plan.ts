/**
 * The generic, schema-driven codec: a `Plan` is the pair of closures that decode and encode one
 * message at one version, compiled lazily on first use and cached for the life of the process.
 * Whether the version is flexible (compact encodings, tagged fields) comes from the message's
 * `flexibleVersions`.
 *
 * Invariant: one (spec, version) is compiled at most once; decoding and encoding never look at
 * field specs again.
 */
import { DecodeError } from './codec-errors.js';
import { compileStructReader, type StructReadFn } from './plan-read.js';
import { compileStructWriter, type WriteFn } from './plan-write.js';
import type { Reader } from './reader.js';
import type { Encodable, Field, MessageSpec, MessageValue } from './schema.js';
import { inVersions } from './schema.js';
import type { Writer } from './writer.js';

export interface Plan {
  readonly flexible: boolean;
  readonly read: StructReadFn;
  readonly write: WriteFn;
}

/** Plans per spec, indexed by version. */
const plans = new WeakMap<MessageSpec, (Plan | undefined)[]>();

export function planFor(spec: MessageSpec, version: number): Plan {
  let byVersion = plans.get(spec);
  if (!byVersion) {
    byVersion = [];
    plans.set(spec, byVersion);
  }
  return byVersion[version] ?? (byVersion[version] = compile(spec, version));
}

function compile(spec: MessageSpec, version: number): Plan {
  if (!Number.isInteger(version) || version < 0 || version > 0x7fff)
    throw new RangeError(`bad version ${version}`);
  const flexible = inVersions(spec.flexibleVersions, version);
  return {
    flexible,
    read: compileStructReader(spec.fields, version, flexible),
    write: compileStructWriter(spec.fields, version, flexible, `${spec.name}v${version}`),
  };
}

/** Decodes one message body at the reader's position; the reader ends just after it. */
export function decodeMessage<F extends readonly Field[]>(
  spec: MessageSpec<F>,
  version: number,
  reader: Reader,
): MessageValue<F> {
  const plan = planFor(spec, version);
  const start = reader.pos;
  try {
    return plan.read(reader) as MessageValue<F>;
  } catch (error) {
    if (error instanceof DecodeError) {
      throw new DecodeError(`${spec.name} v${version} (from offset ${start}): ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Encodes one message body; fields left out are written as their defaults. */
export function encodeMessage<F extends readonly Field[]>(
  spec: MessageSpec<F>,
  version: number,
  writer: Writer,
  value: Encodable<MessageValue<F>>,
): void {
  planFor(spec, version).write(writer, value);
}
