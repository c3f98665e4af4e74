/**
 * How a LogClient's caller tells a refusal that retrying cannot cure from a passing failure,
 * without reaching into the broker: the error codes are Kafka's, carried by KafkaError on both
 * clients.
 */
import { ErrorCode } from '../broker/errors.js';

/** Codes saying the broker cannot do the request at all: no such API version, or a policy forbids it. */
const PERMANENT = new Set<number>([ErrorCode.UNSUPPORTED_VERSION, ErrorCode.POLICY_VIOLATION]);

export function isPermanentRefusal(error: unknown): boolean {
  const code = (error as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === 'number' && PERMANENT.has(code);
}
