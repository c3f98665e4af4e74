/**
 * Request and response headers (RequestHeader v0–2, ResponseHeader v0–1).
 *
 * Invariants (kafka-notes §1.1): `clientId` is ALWAYS an int16-length nullable string, even in the
 * flexible header v2, which only appends a TAG_BUFFER; so any request header can be read up to
 * the clientId without knowing the API. Which header version follows is known only after reading
 * apiKey and apiVersion (registry.ts). Response header v1 is correlationId + TAG_BUFFER.
 */
import { DecodeError } from './codec-errors.js';
import { decodeMessage, encodeMessage } from './plan.js';
import { Reader } from './reader.js';
import { isSupported, requestHeaderVersion } from './registry.js';
import { message } from './schema.js';
import type { Writer } from './writer.js';

export const requestHeader = message({
  name: 'RequestHeader',
  type: 'header',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'requestApiKey', type: 'int16', versions: '0+' },
    { name: 'requestApiVersion', type: 'int16', versions: '0+' },
    { name: 'correlationId', type: 'int32', versions: '0+' },
    {
      name: 'clientId',
      type: 'string',
      versions: '1+',
      nullableVersions: '1+',
      ignorable: true,
      flexibleVersions: 'none',
    },
  ],
});

export const responseHeader = message({
  name: 'ResponseHeader',
  type: 'header',
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [{ name: 'correlationId', type: 'int32', versions: '0+' }],
});

export interface RequestHeaderInfo {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  /** 0, 1 or 2, derived from (apiKey, apiVersion). */
  headerVersion: number;
  /** Bytes the header took: the body starts at `offset + headerSize`. */
  headerSize: number;
  /** Whether Sluice serves this API at this version. */
  supported: boolean;
}

/**
 * Decodes the request header at `offset` of a request frame (the bytes after the int32 size
 * prefix). Unknown API keys and unsupported versions still decode (as header v1, or v2 for a
 * flexible version of a known API) so the caller can answer UNSUPPORTED_VERSION with the right
 * correlation id. Throws DecodeError if the header itself is truncated or malformed.
 */
export function decodeRequestHeader(frame: Buffer, offset = 0): RequestHeaderInfo {
  const reader = new Reader(frame, offset);
  reader.need(4, 'request header');
  const apiKey = frame.readInt16BE(offset);
  const apiVersion = frame.readInt16BE(offset + 2);
  const headerVersion = requestHeaderVersion(apiKey, apiVersion);
  const header = decodeMessage(requestHeader, headerVersion, reader);
  return {
    apiKey,
    apiVersion,
    correlationId: header.correlationId,
    clientId: headerVersion >= 1 ? header.clientId : null,
    headerVersion,
    headerSize: reader.pos - offset,
    supported: isSupported(apiKey, apiVersion),
  };
}

export function encodeRequestHeader(
  writer: Writer,
  headerVersion: number,
  header: { apiKey: number; apiVersion: number; correlationId: number; clientId: string | null },
): void {
  encodeMessage(requestHeader, headerVersion, writer, {
    requestApiKey: header.apiKey,
    requestApiVersion: header.apiVersion,
    correlationId: header.correlationId,
    clientId: header.clientId,
  });
}

export function encodeResponseHeader(writer: Writer, headerVersion: number, correlationId: number): void {
  encodeMessage(responseHeader, headerVersion, writer, { correlationId });
}

export function decodeResponseHeader(reader: Reader, headerVersion: number): number {
  if (headerVersion !== 0 && headerVersion !== 1)
    throw new DecodeError(`no response header v${headerVersion}`);
  return decodeMessage(responseHeader, headerVersion, reader).correlationId;
}
