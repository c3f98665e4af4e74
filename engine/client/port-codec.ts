/**
 * What crosses a MessagePort between threads of one process, as broker-port.ts sends it:
 * - Bytes: every Uint8Array in a message is copied into an ArrayBuffer of its own, which is
 *   transferred (never the sender's buffer: log segments and pooled Buffers stay where they are),
 *   and arrives as a Node Buffer over the transferred memory. The one exception is memory marked
 *   exclusive (util/exclusive-bytes.ts: a storage read's own copy of log bytes, as a fetch returns
 *   it), which is transferred as it is: a fetch reply crosses without a second copy. In replies
 *   (`shared`), views of shared memory (a SharedArrayBuffer: the in-memory log's own bytes, which
 *   only a fetch with FetchOptions.shareLogMemory returns) cross as they are, shared, neither
 *   copied nor transferred; in requests they are copied like anything else, so the broker never
 *   works on (say, assigns offsets in) memory its sender can still change.
 * - Errors: KafkaError keeps its error code, EngineError its code, domain, retriable flag and node, so a
 *   caller on the other side can branch on them as it would in-process.
 */
import { EngineError, type ErrorDomain } from '../api/errors.js';
import { KafkaError } from '../broker/errors.js';
import { isExclusive } from '../util/exclusive-bytes.js';

export interface PortError {
  name: string;
  message: string;
  errorCode?: number;
  code?: string;
  domain?: ErrorDomain;
  retriable?: boolean;
  nodeId?: string;
}

/**
 * `value` with each Uint8Array replaced by a copy whose ArrayBuffer is pushed to `transfer`; a view
 * of memory marked exclusive (a storage read's own buffer) goes as it is, its memory transferred,
 * and with `shared` (replies) a view of shared memory goes as it is.
 */
export function packBytes(value: unknown, transfer: ArrayBuffer[], shared = false): unknown {
  if (value instanceof Uint8Array) {
    if (shared && value.buffer instanceof SharedArrayBuffer) return value;
    if (isExclusive(value)) {
      const memory = value.buffer as ArrayBuffer;
      if (!transfer.includes(memory)) transfer.push(memory);
      return value;
    }
    const copy = new Uint8Array(value.byteLength);
    copy.set(value);
    transfer.push(copy.buffer);
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => packBytes(item, transfer, shared));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = packBytes(value[key], transfer, shared);
    return out;
  }
  return value;
}

/** Turns every Uint8Array of a received message into a Buffer over the same memory, in place. */
export function reviveBytes(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveBytes(value[i]);
    return value;
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) value[key] = reviveBytes(value[key]);
    return value;
  }
  return value;
}

export function encodeError(error: unknown): PortError {
  if (error instanceof KafkaError) return { name: error.name, message: error.message, errorCode: error.errorCode, domain: error.domain };
  if (error instanceof EngineError) {
    return { name: error.name, message: error.message, code: error.code, domain: error.domain, retriable: error.retriable, ...(error.nodeId === undefined ? {} : { nodeId: error.nodeId }) };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

export function decodeError(error: PortError): Error {
  if (error.errorCode !== undefined) return new KafkaError(error.errorCode, error.message, error.domain === undefined ? {} : { domain: error.domain });
  if (error.code !== undefined) {
    return new EngineError(error.code, error.message, { domain: error.domain ?? 'internal', retriable: error.retriable ?? false, ...(error.nodeId === undefined ? {} : { nodeId: error.nodeId }) });
  }
  const decoded = new Error(error.message);
  decoded.name = error.name;
  return decoded;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
