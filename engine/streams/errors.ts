/**
 * StreamsError: the one error type of the streams core, an EngineError whose code says what went
 * wrong (topology mistakes, co-partitioning, deserialization, processing) and whose fields say
 * where (processor node, topic, partition, offset). Invariant: every error thrown out of a
 * StreamTask or the test driver because of user code or user data is a StreamsError.
 */
import { EngineError, type ErrorDomain } from '../api/errors.js';

export type StreamsErrorCode =
  | 'STREAMS_TOPOLOGY_INVALID'
  | 'STREAMS_NOT_COPARTITIONED'
  | 'STREAMS_DESERIALIZATION_FAILED'
  | 'STREAMS_PROCESSING_FAILED'
  | 'STREAMS_PUNCTUATION_FAILED'
  | 'STREAMS_SERIALIZATION_FAILED'
  | 'STREAMS_UNKNOWN_TOPIC'
  | 'STREAMS_UNKNOWN_STORE'
  | 'STREAMS_UNKNOWN_NODE'
  | 'STREAMS_ILLEGAL_STATE'
  | 'STREAMS_TOPOLOGY_SOURCE';

export interface StreamsErrorDetails {
  domain?: ErrorDomain;
  node?: string;
  topic?: string;
  partition?: number;
  offset?: number;
  cause?: unknown;
}

export class StreamsError extends EngineError {
  override readonly code: StreamsErrorCode;
  readonly node?: string;
  readonly topic?: string;
  readonly partition?: number;
  readonly offset?: number;

  constructor(code: StreamsErrorCode, message: string, details: StreamsErrorDetails = {}) {
    super(code, message, {
      domain: details.domain ?? 'user',
      ...(details.node !== undefined ? { nodeId: details.node } : {}),
      ...(details.cause !== undefined ? { cause: details.cause } : {}),
    });
    this.name = 'StreamsError';
    this.code = code;
    if (details.node !== undefined) this.node = details.node;
    if (details.topic !== undefined) this.topic = details.topic;
    if (details.partition !== undefined) this.partition = details.partition;
    if (details.offset !== undefined) this.offset = details.offset;
  }
}

/** A topology the DSL or the Processor API cannot build (Kafka's TopologyException). */
export function topologyError(message: string): StreamsError {
  return new StreamsError('STREAMS_TOPOLOGY_INVALID', `Invalid topology: ${message}`);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
