/**
 * Header-version rules: request header v2 exactly for flexible API versions (clientId stays an
 * int16 string), response header v1 for flexible versions except ApiVersions (always v0), and
 * headers of unknown or unsupported APIs still decode so the caller can answer them.
 */
import { describe, expect, it } from 'vitest';
import { KafkaError } from '../errors.js';
import { decodeRequest, encodeRequest, encodeResponse, unframe } from './codec.js';
import { decodeRequestHeader } from './headers.js';
import {
  API_DEFINITIONS,
  API_KEYS,
  isFlexible,
  requestHeaderVersion,
  responseHeaderVersion,
  SUPPORTED_VERSIONS,
} from './registry.js';

const FLEXIBLE_FROM: Record<string, number> = {
  Produce: 9,
  Fetch: 12,
  ListOffsets: 6,
  Metadata: 9,
  OffsetCommit: 8,
  OffsetFetch: 6,
  FindCoordinator: 3,
  JoinGroup: 6,
  Heartbeat: 4,
  LeaveGroup: 4,
  SyncGroup: 4,
  DescribeGroups: 5,
  ListGroups: 3,
  ApiVersions: 3,
  CreateTopics: 5,
  DeleteTopics: 4,
  DeleteRecords: 2,
  InitProducerId: 2,
  DescribeConfigs: 4,
};

describe('registry', () => {
  it('advertises the agreed version ranges', () => {
    expect(SUPPORTED_VERSIONS).toEqual({
      0: { min: 0, max: 9 },
      1: { min: 4, max: 12 },
      2: { min: 1, max: 7 },
      3: { min: 0, max: 12 },
      8: { min: 2, max: 9 },
      9: { min: 1, max: 9 },
      10: { min: 0, max: 6 },
      11: { min: 0, max: 9 },
      12: { min: 0, max: 4 },
      13: { min: 0, max: 5 },
      14: { min: 0, max: 5 },
      15: { min: 0, max: 5 },
      16: { min: 0, max: 4 },
      18: { min: 0, max: 3 },
      19: { min: 0, max: 7 },
      20: { min: 0, max: 6 },
      21: { min: 0, max: 2 },
      22: { min: 0, max: 5 },
      32: { min: 0, max: 4 },
    });
    expect(API_DEFINITIONS.map((api) => api.key)).toEqual(Object.values(API_KEYS).sort((a, b) => a - b));
  });

  it.each(Object.entries(FLEXIBLE_FROM))('%s is flexible from v%i', (name, from) => {
    const key = API_KEYS[name as keyof typeof API_KEYS];
    expect(isFlexible(key, from - 1)).toBe(false);
    expect(isFlexible(key, from)).toBe(true);
    expect(isFlexible(key, from + 5)).toBe(true); // beyond the served range too
    expect(requestHeaderVersion(key, from - 1)).toBe(1);
    expect(requestHeaderVersion(key, from)).toBe(2);
    expect(responseHeaderVersion(key, from - 1)).toBe(0);
    expect(responseHeaderVersion(key, from)).toBe(key === API_KEYS.ApiVersions ? 0 : 1);
  });

  it('uses header v1 for unknown API keys and v0 for ControlledShutdown v0', () => {
    expect(isFlexible(75, 0)).toBe(false);
    expect(requestHeaderVersion(75, 0)).toBe(1);
    expect(responseHeaderVersion(75, 0)).toBe(0);
    expect(requestHeaderVersion(7, 0)).toBe(0);
  });
});

describe('response headers', () => {
  it('ApiVersions responses never carry a header tag buffer', () => {
    for (const version of [0, 1, 2, 3]) {
      const frame = unframe(encodeResponse(18, version, 0x01020304, {}));
      expect(frame.readInt32BE(0)).toBe(0x01020304);
      expect(frame.readInt16BE(4)).toBe(0); // errorCode follows the correlation id directly
    }
  });

  it('flexible responses of other APIs carry one', () => {
    const flexible = unframe(encodeResponse(3, 9, 1, {}));
    expect(flexible.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 1, 0]));
    const classic = unframe(encodeResponse(3, 8, 1, { throttleTimeMs: 0x7f7f7f7f }));
    expect(classic.readInt32BE(4)).toBe(0x7f7f7f7f);
  });
});

describe('request headers', () => {
  it('flexible versions use header v2: int16 clientId then a tag buffer', () => {
    const frame = unframe(encodeRequest(12, 4, 77, 'abc', { groupId: 'g' }));
    // apiKey, apiVersion, correlationId, int16 length 3 + "abc", empty TAG_BUFFER, then the body.
    expect(frame.subarray(0, 14)).toEqual(Buffer.from([0, 12, 0, 4, 0, 0, 0, 77, 0, 3, 0x61, 0x62, 0x63, 0]));
    expect(decodeRequestHeader(frame)).toMatchObject({ headerVersion: 2, headerSize: 14, clientId: 'abc' });
  });

  it('non-flexible versions use header v1 and allow a null clientId', () => {
    const frame = unframe(encodeRequest(12, 3, 77, null, { groupId: 'g' }));
    expect(frame.subarray(0, 10)).toEqual(Buffer.from([0, 12, 0, 3, 0, 0, 0, 77, 0xff, 0xff]));
    expect(decodeRequestHeader(frame)).toMatchObject({ headerVersion: 1, headerSize: 10, clientId: null });
  });

  it('decodes the header of an unsupported ApiVersions v4 request (flexible, header v2)', () => {
    // A newer Java client: ApiVersions v4, header v2 with an empty tag buffer, then a body we must not parse.
    const frame = Buffer.from([
      0, 18, 0, 4, 0, 0, 0, 9, 0, 1, 0x6a, 0, 5, 0x6a, 0x61, 0x76, 0x61, 2, 0x34, 0,
    ]);
    const header = decodeRequestHeader(frame);
    expect(header).toEqual({
      apiKey: 18,
      apiVersion: 4,
      correlationId: 9,
      clientId: 'j',
      headerVersion: 2,
      headerSize: 12,
      supported: false,
    });
    expect(() => decodeRequest(18, 4, frame, header.headerSize)).toThrow(KafkaError);
    expect(() => encodeResponse(18, 4, 9, {})).toThrow(/not served/);
  });

  it('decodes the header of an unknown API key', () => {
    const frame = Buffer.from([0, 75, 0, 0, 0, 0, 0, 3, 0, 1, 0x78, 0xaa]);
    expect(decodeRequestHeader(frame)).toEqual({
      apiKey: 75,
      apiVersion: 0,
      correlationId: 3,
      clientId: 'x',
      headerVersion: 1,
      headerSize: 11,
      supported: false,
    });
    expect(() => decodeRequest(75 as never, 0, frame, 11)).toThrow(/not served/);
  });

  it('decodes a header at an offset', () => {
    const frame = Buffer.concat([
      Buffer.from([9, 9, 9]),
      unframe(encodeRequest(3, 1, 5, 'c', { topics: null })),
    ]);
    const header = decodeRequestHeader(frame, 3);
    expect(header).toMatchObject({ apiKey: 3, apiVersion: 1, correlationId: 5, headerSize: 11 });
    expect(decodeRequest(3, 1, frame, 3 + header.headerSize).topics).toBeNull();
  });
});
