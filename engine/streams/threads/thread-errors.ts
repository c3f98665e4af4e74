/**
 * Errors from a stream thread to its owner: a StreamsError keeps its code and where it happened
 * (node, topic, partition, offset), so the owner's caller gets the same error it would get from a
 * StreamsRuntime in its own thread; anything else crosses as port-codec.ts carries it.
 */
import { decodeError, encodeError, type PortError } from '../../client/port-codec.js';
import { StreamsError, type StreamsErrorCode } from '../errors.js';

export interface ThreadError extends PortError {
  streams?: { node?: string; topic?: string; partition?: number; offset?: number };
}

export function encodeThreadError(error: unknown): ThreadError {
  if (!(error instanceof StreamsError)) return encodeError(error);
  const { node, topic, partition, offset } = error;
  return { ...encodeError(error), streams: { node, topic, partition, offset } };
}

export function decodeThreadError(error: ThreadError): Error {
  if (error.streams === undefined || error.code === undefined) return decodeError(error);
  const { node, topic, partition, offset } = error.streams;
  return new StreamsError(error.code as StreamsErrorCode, error.message, {
    ...(error.domain === undefined ? {} : { domain: error.domain }),
    ...(node === undefined ? {} : { node }),
    ...(topic === undefined ? {} : { topic }),
    ...(partition === undefined ? {} : { partition }),
    ...(offset === undefined ? {} : { offset }),
  });
}
