/**
 * Routes one request frame to its API handler and encodes the answer. The rules of the wire:
 * - an unsupported ApiVersions version gets the v0 body with UNSUPPORTED_VERSION and our ranges
 *   (KIP-511); any other unsupported version gets that API's error response at the nearest served
 *   version; an unknown API key or an unparsable frame closes the connection (logged);
 * - a handler that throws never reaches the socket: the request is answered with
 *   UNKNOWN_SERVER_ERROR and the failure logged with API key, version and correlation id.
 */
import {
  API_KEYS,
  DecodeError,
  SUPPORTED_VERSIONS,
  apiDefinition,
  decodeRequest,
  decodeRequestHeader,
  encodeResponse,
  encodeResponseChunks,
  type ApiKey,
  type RequestBodies,
} from '../protocol/index.js';
import { ErrorCode, KafkaError } from '../errors.js';
import type { ConnectionInfo, RequestHandler } from '../server/kafka-server.js';
import type { ApiHandler, ListenerContext, RequestContext, ResponseOf } from './handler.js';
import { servedApiVersions } from './api-versions.js';
import { HANDLERS } from './registry.js';

type AnyHandler = ApiHandler<ApiKey>;

export class KafkaRequestDispatcher implements RequestHandler {
  constructor(private readonly listener: ListenerContext) {}

  async handle(frame: Buffer, connection: ConnectionInfo): Promise<Buffer | Buffer[] | null> {
    const header = decodeRequestHeader(frame);
    const { apiKey, apiVersion, correlationId } = header;
    const handler = HANDLERS.get(apiKey) as AnyHandler | undefined;
    const api = apiDefinition(apiKey);
    if (!handler || !api) throw new DecodeError(`unknown API key ${apiKey} (correlation id ${correlationId})`);
    if (!header.supported) return this.unsupported(handler, apiKey as ApiKey, apiVersion, correlationId, connection);
    const request = decodeRequest(apiKey as ApiKey, apiVersion, frame, header.headerSize) as RequestBodies[ApiKey];
    if (this.listener.trace) this.listener.logger.info(`← ${connection.id} ${api.name} v${apiVersion} #${correlationId} ${header.clientId ?? '-'}`);
    const ctx: RequestContext = { ...this.listener, clientId: header.clientId, clientHost: connection.remote.replace(/:\d+$/, ''), apiVersion };
    const failed = (error: unknown) => {
      this.listener.logger.error(`${api.name} v${apiVersion} (correlation id ${correlationId}, client ${header.clientId ?? '-'}) failed unexpectedly`, error);
      return handler.failure(request, error instanceof KafkaError ? error.errorCode : ErrorCode.UNKNOWN_SERVER_ERROR);
    };
    let response: ResponseOf<ApiKey> | null;
    try {
      response = await handler.handle(ctx, request);
    } catch (error) {
      response = failed(error);
    }
    if (response === null) return null;
    try {
      return encodeResponseChunks(apiKey as ApiKey, apiVersion, correlationId, response);
    } catch (error) {
      return encodeResponseChunks(apiKey as ApiKey, apiVersion, correlationId, failed(error));
    }
  }

  private unsupported(handler: AnyHandler, apiKey: ApiKey, version: number, correlationId: number, connection: ConnectionInfo): Buffer {
    const range = SUPPORTED_VERSIONS[apiKey];
    this.listener.logger.warn(`connection ${connection.id} (${connection.remote}) sent API ${apiKey} v${version}; served v${range.min}–v${range.max}`);
    if (apiKey === API_KEYS.ApiVersions) {
      return encodeResponse(API_KEYS.ApiVersions, 0, correlationId, { errorCode: ErrorCode.UNSUPPORTED_VERSION, apiKeys: servedApiVersions() });
    }
    const nearest = Math.min(Math.max(version, range.min), range.max);
    return encodeResponse(apiKey, nearest, correlationId, handler.failure(undefined, ErrorCode.UNSUPPORTED_VERSION));
  }
}
