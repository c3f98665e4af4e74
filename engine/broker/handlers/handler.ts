/**
 * The shape of one Kafka API handler: a typed request in, a typed response out (or null when the
 * request gets no response, as acks=0 produce). Handlers turn every expected failure into Kafka
 * error codes inside the response; `failure` builds the whole-request error response the
 * dispatcher sends when a handler throws unexpectedly (logged as UNKNOWN_SERVER_ERROR).
 */
import type { ApiKey, Encodable, RequestBodies, ResponseBodies } from '../protocol/index.js';
import type { Broker } from '../broker.js';
import type { Logger } from '../../util/logger.js';

export const NODE_ID = 1;

export interface BrokerEndpoint {
  host: string;
  port: number;
}

/** Per-listener state shared by all connections. */
export interface ListenerContext {
  broker: Broker;
  advertised: BrokerEndpoint;
  clusterId: string;
  logger: Logger;
  nextProducerId(): number;
  /** Log every request (api, version, correlation id): SLUICE_WIRE_TRACE=1. */
  trace?: boolean;
}

/** One request's context: the listener plus who sent it. */
export interface RequestContext extends ListenerContext {
  clientId: string | null;
  clientHost: string;
  apiVersion: number;
}

export type ResponseOf<K extends ApiKey> = Encodable<ResponseBodies[K]>;

export interface ApiHandler<K extends ApiKey> {
  apiKey: K;
  handle(ctx: RequestContext, request: RequestBodies[K]): Promise<ResponseOf<K> | null>;
  failure(request: RequestBodies[K] | undefined, errorCode: number): ResponseOf<K>;
}

export function defineHandler<K extends ApiKey>(handler: ApiHandler<K>): ApiHandler<K> {
  return handler;
}

/** The message of an error, for errorMessage fields. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
