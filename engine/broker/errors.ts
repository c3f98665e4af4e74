/**
 * Kafka protocol error codes (the subset the broker produces) and the typed error the in-process
 * broker API throws. Every broker failure carries the Kafka code a wire handler would send, so the
 * network layer maps errors without guessing. Codes and names follow Kafka's `Errors.java`.
 */
import { EngineError, type ErrorDomain } from '../api/errors.js';

export const ErrorCode = {
  UNKNOWN_SERVER_ERROR: -1,
  NONE: 0,
  OFFSET_OUT_OF_RANGE: 1,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  INVALID_FETCH_SIZE: 4,
  LEADER_NOT_AVAILABLE: 5,
  NOT_LEADER_OR_FOLLOWER: 6,
  REQUEST_TIMED_OUT: 7,
  MESSAGE_TOO_LARGE: 10,
  OFFSET_METADATA_TOO_LARGE: 12,
  NETWORK_EXCEPTION: 13,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  INVALID_TOPIC_EXCEPTION: 17,
  RECORD_LIST_TOO_LARGE: 18,
  NOT_ENOUGH_REPLICAS: 19,
  INVALID_REQUIRED_ACKS: 21,
  ILLEGAL_GENERATION: 22,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  INVALID_GROUP_ID: 24,
  UNKNOWN_MEMBER_ID: 25,
  INVALID_SESSION_TIMEOUT: 26,
  REBALANCE_IN_PROGRESS: 27,
  INVALID_COMMIT_OFFSET_SIZE: 28,
  TOPIC_AUTHORIZATION_FAILED: 29,
  GROUP_AUTHORIZATION_FAILED: 30,
  INVALID_TIMESTAMP: 32,
  UNSUPPORTED_SASL_MECHANISM: 33,
  ILLEGAL_SASL_STATE: 34,
  UNSUPPORTED_VERSION: 35,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REPLICATION_FACTOR: 38,
  INVALID_REPLICA_ASSIGNMENT: 39,
  INVALID_CONFIG: 40,
  NOT_CONTROLLER: 41,
  INVALID_REQUEST: 42,
  UNSUPPORTED_FOR_MESSAGE_FORMAT: 43,
  POLICY_VIOLATION: 44,
  OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
  DUPLICATE_SEQUENCE_NUMBER: 46,
  INVALID_PRODUCER_EPOCH: 47,
  UNSUPPORTED_COMPRESSION_TYPE: 76,
  MEMBER_ID_REQUIRED: 79,
  GROUP_MAX_SIZE_REACHED: 81,
  FENCED_INSTANCE_ID: 82,
  GROUP_ID_NOT_FOUND: 69,
  NON_EMPTY_GROUP: 68,
  GROUP_SUBSCRIBED_TO_TOPIC: 86,
  INVALID_RECORD: 87,
  UNKNOWN_TOPIC_ID: 100,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;
export type KafkaErrorCode = (typeof ErrorCode)[ErrorCodeName];

const NAMES = new Map<number, ErrorCodeName>(
  Object.entries(ErrorCode).map(([name, code]) => [code, name as ErrorCodeName]),
);

/** The protocol name of a Kafka error code, e.g. 3 → "UNKNOWN_TOPIC_OR_PARTITION". */
export function errorName(code: number): string {
  return NAMES.get(code) ?? `ERROR_${code}`;
}

/** Codes a client may retry unchanged (Kafka's RetriableException subclasses). */
const RETRIABLE = new Set<number>([
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.LEADER_NOT_AVAILABLE,
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
  ErrorCode.REQUEST_TIMED_OUT,
  ErrorCode.NETWORK_EXCEPTION,
  ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
  ErrorCode.COORDINATOR_NOT_AVAILABLE,
  ErrorCode.NOT_COORDINATOR,
  ErrorCode.NOT_ENOUGH_REPLICAS,
  ErrorCode.REBALANCE_IN_PROGRESS,
  ErrorCode.CORRUPT_MESSAGE,
]);

const USER_FAULTS = new Set<number>([
  ErrorCode.OFFSET_OUT_OF_RANGE,
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.MESSAGE_TOO_LARGE,
  ErrorCode.INVALID_TOPIC_EXCEPTION,
  ErrorCode.RECORD_LIST_TOO_LARGE,
  ErrorCode.INVALID_REQUIRED_ACKS,
  ErrorCode.TOPIC_ALREADY_EXISTS,
  ErrorCode.INVALID_PARTITIONS,
  ErrorCode.INVALID_REPLICATION_FACTOR,
  ErrorCode.INVALID_CONFIG,
  ErrorCode.INVALID_REQUEST,
  ErrorCode.INVALID_RECORD,
  ErrorCode.INVALID_TIMESTAMP,
  ErrorCode.INVALID_GROUP_ID,
  ErrorCode.INVALID_SESSION_TIMEOUT,
  ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
  ErrorCode.OFFSET_METADATA_TOO_LARGE,
  ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
  ErrorCode.NON_EMPTY_GROUP,
  ErrorCode.GROUP_ID_NOT_FOUND,
]);

/** A broker failure with the Kafka error code a wire handler answers with. */
export class KafkaError extends EngineError {
  readonly errorCode: number;

  constructor(errorCode: number, message: string, options: { cause?: unknown; domain?: ErrorDomain } = {}) {
    const domain: ErrorDomain = options.domain ?? (USER_FAULTS.has(errorCode) ? 'user' : 'external');
    super(`KAFKA_${errorName(errorCode)}`, message, {
      domain,
      retriable: RETRIABLE.has(errorCode),
      cause: options.cause,
    });
    this.name = 'KafkaError';
    this.errorCode = errorCode;
  }
}

/** The Kafka error code for any thrown value: a KafkaError's own code, else UNKNOWN_SERVER_ERROR. */
export function errorCodeOf(error: unknown): number {
  return error instanceof KafkaError ? error.errorCode : ErrorCode.UNKNOWN_SERVER_ERROR;
}
