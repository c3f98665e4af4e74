/**
 * The top-level codec: whole requests and responses of the served APIs.
 *
 * Framing conventions:
 * - `encode*` return complete frames: int32 size prefix + header + body, ready for the socket.
 * - `decode*` take a frame WITHOUT its size prefix (what the server's framing hands over), and an
 *   offset (for decodeRequest: where the body starts, i.e. the header's `headerSize`).
 * - decodeRequest/encodeRequest/encodeResponse/decodeResponse throw KafkaError(UNSUPPORTED_VERSION)
 *   for an API key or version Sluice does not serve, DecodeError for malformed bytes, and
 *   EncodeError for values that cannot be written.
 * - `encodeResponseChunks` returns the frame as a list of Buffers with record payloads by
 *   reference (zero copies, for socket.writev / cork+write); `encodeResponse` joins them with one
 *   copy.
 */
import { ErrorCode, KafkaError } from '../errors.js';
import { DecodeError } from './codec-errors.js';
import { decodeResponseHeader, encodeRequestHeader, encodeResponseHeader } from './headers.js';
import { planFor } from './plan.js';
import { Reader } from './reader.js';
import type { ApiDefinition, ApiKey, RequestBodies, ResponseBodies } from './registry.js';
import { apiDefinition, isSupported, requestHeaderVersion, responseHeaderVersion } from './registry.js';
import type { Encodable, MessageSpec } from './schema.js';
import { Writer } from './writer.js';

export type RequestBody<K extends ApiKey> = RequestBodies[K];
export type ResponseBody<K extends ApiKey> = ResponseBodies[K];

function served(apiKey: number, version: number): ApiDefinition {
  const api = apiDefinition(apiKey);
  if (!api) throw new KafkaError(ErrorCode.UNSUPPORTED_VERSION, `API key ${apiKey} is not served`);
  if (!isSupported(apiKey, version)) {
    throw new KafkaError(
      ErrorCode.UNSUPPORTED_VERSION,
      `${api.name} v${version} is not served (supported: v${api.versions.min}–v${api.versions.max})`,
    );
  }
  return api;
}

function decodeBody(spec: MessageSpec, version: number, reader: Reader): unknown {
  const start = reader.pos;
  try {
    return planFor(spec, version).read(reader);
  } catch (error) {
    if (error instanceof DecodeError) {
      throw new DecodeError(`${spec.name} v${version} (from offset ${start}): ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Decodes a request body starting at `offset` of a frame. */
export function decodeRequest<K extends ApiKey>(
  apiKey: K,
  version: number,
  frame: Buffer,
  offset = 0,
): RequestBody<K> {
  const api = served(apiKey, version);
  return decodeBody(api.request, version, new Reader(frame, offset)) as RequestBody<K>;
}

/** Encodes a complete request frame (size prefix, header v1 or v2, body). */
export function encodeRequest<K extends ApiKey>(
  apiKey: K,
  version: number,
  correlationId: number,
  clientId: string | null,
  body: Encodable<RequestBody<K>>,
): Buffer {
  const api = served(apiKey, version);
  const writer = new Writer();
  const size = writer.reserve(4);
  encodeRequestHeader(writer, requestHeaderVersion(apiKey, version), {
    apiKey,
    apiVersion: version,
    correlationId,
    clientId,
  });
  planFor(api.request, version).write(writer, body);
  size.buf.writeInt32BE(writer.length - 4, size.offset);
  return writer.toBuffer();
}

/** Encodes a complete response frame as chunks (record payloads by reference, not copied). */
export function encodeResponseChunks<K extends ApiKey>(
  apiKey: K,
  version: number,
  correlationId: number,
  body: Encodable<ResponseBody<K>>,
): Buffer[] {
  const api = served(apiKey, version);
  const writer = new Writer();
  const size = writer.reserve(4);
  encodeResponseHeader(writer, responseHeaderVersion(apiKey, version), correlationId);
  planFor(api.response, version).write(writer, body);
  size.buf.writeInt32BE(writer.length - 4, size.offset);
  return writer.toChunks();
}

/** Encodes a complete response frame (size prefix, header v0 or v1, body) as one Buffer. */
export function encodeResponse<K extends ApiKey>(
  apiKey: K,
  version: number,
  correlationId: number,
  body: Encodable<ResponseBody<K>>,
): Buffer {
  const chunks = encodeResponseChunks(apiKey, version, correlationId, body);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

export interface DecodedResponse<B> {
  correlationId: number;
  body: B;
  /** Offset just after the body (equals the frame length for a well-formed frame). */
  end: number;
}

/** Decodes a response frame (header + body, without the size prefix) starting at `offset`. */
export function decodeResponse<K extends ApiKey>(
  apiKey: K,
  version: number,
  frame: Buffer,
  offset = 0,
): DecodedResponse<ResponseBody<K>> {
  const api = served(apiKey, version);
  const reader = new Reader(frame, offset);
  const correlationId = decodeResponseHeader(reader, responseHeaderVersion(apiKey, version));
  const body = decodeBody(api.response, version, reader) as ResponseBody<K>;
  return { correlationId, body, end: reader.pos };
}

/**
 * Checks a complete frame's int32 size prefix against its length and returns the frame without
 * it (for tests and tooling that hold whole frames).
 */
export function unframe(frame: Buffer): Buffer {
  if (frame.length < 4) throw new DecodeError(`frame of ${frame.length} bytes has no size prefix`);
  const size = frame.readInt32BE(0);
  if (size !== frame.length - 4)
    throw new DecodeError(`frame size prefix ${size} does not match its ${frame.length - 4} bytes`);
  return frame.subarray(4);
}
