/**
 * Property tests: for EVERY served API and EVERY supported version, requests and responses built
 * from the schema (fields absent in the version carry their defaults) survive
 * encode → frame → decode unchanged, consume their frame exactly, and encodeResponseChunks joins
 * to the same bytes as encodeResponse.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  encodeResponseChunks,
  unframe,
} from './codec.js';
import { decodeRequestHeader } from './headers.js';
import { decodeMessage } from './plan.js';
import { Reader } from './reader.js';
import { API_DEFINITIONS, requestHeaderVersion, type ApiKey } from './registry.js';
import { messageArbitrary } from './testing/schema-arbitrary.js';
import {
  consumerProtocolAssignment,
  consumerProtocolSubscription,
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
} from './apis/consumer-protocol.js';

const RUNS = 40;

function versionsOf(min: number, max: number): number[] {
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

const cases = API_DEFINITIONS.flatMap((api) =>
  versionsOf(api.versions.min, api.versions.max).map((version) => ({ api, version })),
);

describe('request round trips', () => {
  it.each(cases.map((c) => [`${c.api.name} v${c.version}`, c] as const))('%s', (_label, { api, version }) => {
    const key = api.key as ApiKey;
    fc.assert(
      fc.property(
        messageArbitrary(api.request, version),
        fc.integer(),
        fc.option(fc.string(), { nil: null }),
        (body, correlationId, clientId) => {
          const frame = unframe(encodeRequest(key, version, correlationId, clientId, body as never));
          const header = decodeRequestHeader(frame);
          expect(header).toMatchObject({
            apiKey: key,
            apiVersion: version,
            correlationId,
            clientId,
            supported: true,
          });
          expect(header.headerVersion).toBe(requestHeaderVersion(key, version));
          expect(decodeRequest(key, version, frame, header.headerSize)).toEqual(body);
          const reader = new Reader(frame, header.headerSize);
          decodeMessage(api.request, version, reader);
          expect(reader.pos).toBe(frame.length);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('response round trips', () => {
  it.each(cases.map((c) => [`${c.api.name} v${c.version}`, c] as const))('%s', (_label, { api, version }) => {
    const key = api.key as ApiKey;
    fc.assert(
      fc.property(messageArbitrary(api.response, version), fc.integer(), (body, correlationId) => {
        const framed = encodeResponse(key, version, correlationId, body as never);
        expect(Buffer.concat(encodeResponseChunks(key, version, correlationId, body as never))).toEqual(
          framed,
        );
        const frame = unframe(framed);
        const decoded = decodeResponse(key, version, frame);
        expect(decoded.correlationId).toBe(correlationId);
        expect(decoded.body).toEqual(body);
        expect(decoded.end).toBe(frame.length);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('consumer protocol round trips (non-flexible, version-prefixed)', () => {
  it.each([0, 1, 2, 3])('Subscription and Assignment v%i', (version) => {
    fc.assert(
      fc.property(
        messageArbitrary(consumerProtocolSubscription, version),
        messageArbitrary(consumerProtocolAssignment, version),
        (subscription, assignment) => {
          const sub = encodeSubscription(version, subscription);
          expect(sub.readInt16BE(0)).toBe(version);
          expect(decodeSubscription(sub)).toEqual({ version, subscription });
          const asg = encodeAssignment(version, assignment);
          expect(decodeAssignment(asg)).toEqual({ version, assignment });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('decodes a newer version as v3, ignoring appended fields', () => {
    const v3 = encodeSubscription(3, { topics: ['a'], rackId: 'r1', generationId: 4 });
    const v4 = Buffer.concat([Buffer.from([0, 4]), v3.subarray(2), Buffer.from([1, 2, 3])]);
    expect(decodeSubscription(v4)).toEqual({ version: 3, subscription: decodeSubscription(v3).subscription });
  });
});
