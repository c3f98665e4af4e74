/**
 * Golden bytes written by hand from the Kafka message specs (not produced by this codec): each
 * frame is decoded to the expected object and the object is encoded back to the same bytes.
 * Layout per line: comment says which field the bytes are.
 */
import { describe, expect, it } from 'vitest';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, unframe } from './codec.js';
import { decodeRequestHeader } from './headers.js';
import { decodeSubscription } from './apis/consumer-protocol.js';

/** Hex with spaces/newlines and `#` comments allowed. */
function hex(text: string): Buffer {
  return Buffer.from(text.replace(/#.*$/gm, '').replace(/\s+/g, ''), 'hex');
}

describe('golden request frames', () => {
  it('ApiVersions v0 request (header v1, empty body)', () => {
    const frame = hex(`
      00000010          # size 16
      0012 0000         # apiKey 18, apiVersion 0
      00000001          # correlationId 1
      0006 736c75696365 # clientId "sluice" (int16 length)
    `);
    const header = decodeRequestHeader(unframe(frame));
    expect(header).toEqual({
      apiKey: 18,
      apiVersion: 0,
      correlationId: 1,
      clientId: 'sluice',
      headerVersion: 1,
      headerSize: 16,
      supported: true,
    });
    expect(decodeRequest(18, 0, unframe(frame), header.headerSize)).toEqual({
      clientSoftwareName: '',
      clientSoftwareVersion: '',
    });
    expect(encodeRequest(18, 0, 1, 'sluice', {})).toEqual(frame);
  });

  it('Metadata v0 request', () => {
    const frame = hex(`
      00000014          # size 20
      0003 0000         # apiKey 3, apiVersion 0
      00000007          # correlationId 7
      0001 63           # clientId "c"
      00000001          # topics: int32 count 1
      0003 666f6f       #   name "foo"
    `);
    const payload = unframe(frame);
    const header = decodeRequestHeader(payload);
    expect(header.headerVersion).toBe(1);
    const body = decodeRequest(3, 0, payload, header.headerSize);
    expect(body).toEqual({
      topics: [{ topicId: '00000000-0000-0000-0000-000000000000', name: 'foo' }],
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    expect(encodeRequest(3, 0, 7, 'c', { topics: [{ name: 'foo' }] })).toEqual(frame);
  });

  it('flexible Metadata v9 request with unknown tagged fields in header and body', () => {
    const frame = hex(`
      0000001d          # size 29
      0003 0009         # apiKey 3, apiVersion 9
      00000008          # correlationId 8
      0001 63           # clientId "c": still an int16-length string in header v2
      01 00 01 ff       # header TAG_BUFFER: 1 field, tag 0, size 1, data ff (unknown: skipped)
      02                # topics: compact array, N+1 = 2
      04 666f6f         #   name: compact string "foo" (len+1 = 4)
      00                #   topic struct TAG_BUFFER: empty
      01                # allowAutoTopicCreation true
      00                # includeClusterAuthorizedOperations false (v8-10)
      00                # includeTopicAuthorizedOperations false
      01 07 02 abcd     # body TAG_BUFFER: 1 field, tag 7, size 2 (unknown: skipped)
    `);
    const payload = unframe(frame);
    const header = decodeRequestHeader(payload);
    expect(header).toMatchObject({
      apiKey: 3,
      apiVersion: 9,
      correlationId: 8,
      clientId: 'c',
      headerVersion: 2,
      headerSize: 15,
    });
    const body = decodeRequest(3, 9, payload, header.headerSize);
    expect(body).toEqual({
      topics: [{ topicId: '00000000-0000-0000-0000-000000000000', name: 'foo' }],
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    // Re-encoded without the unknown tags: empty tag buffers, 3 + 4 bytes shorter.
    expect(encodeRequest(3, 9, 8, 'c', body)).toEqual(
      hex(`00000016 0003 0009 00000008 0001 63 00   02 04 666f6f 00 01 00 00 00`),
    );
  });

  it('Metadata v9 request with null topics (all topics)', () => {
    const frame = hex(`00000010 0003 0009 00000009 0000 00   00 00 00 00 00`);
    const payload = unframe(frame);
    expect(decodeRequestHeader(payload).clientId).toBe('');
    expect(decodeRequest(3, 9, payload, 11).topics).toBeNull();
    expect(encodeRequest(3, 9, 9, '', { topics: null, allowAutoTopicCreation: false })).toEqual(frame);
  });

  it('JoinGroup v5 request (non-flexible, static-membership field, consumer protocol metadata)', () => {
    const frame = hex(`
      00000040                     # size 64
      000b 0005                    # apiKey 11, apiVersion 5
      00000003                     # correlationId 3
      0001 63                      # clientId "c"
      0001 67                      # groupId "g"
      00007530                     # sessionTimeoutMs 30000
      0000ea60                     # rebalanceTimeoutMs 60000 (v1+)
      0000                         # memberId ""
      ffff                         # groupInstanceId null (v5+)
      0008 636f6e73756d6572        # protocolType "consumer"
      00000001                     # protocols: count 1
      0005 72616e6765              #   name "range"
      0000000d                     #   metadata: 13 bytes =
      0000                         #     Subscription version 0
      00000001 0001 74             #     topics ["t"]
      ffffffff                     #     userData null
    `);
    const payload = unframe(frame);
    const header = decodeRequestHeader(payload);
    expect(header).toMatchObject({ apiKey: 11, apiVersion: 5, headerVersion: 1, headerSize: 11 });
    const body = decodeRequest(11, 5, payload, header.headerSize);
    expect(body).toMatchObject({
      groupId: 'g',
      sessionTimeoutMs: 30000,
      rebalanceTimeoutMs: 60000,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      reason: null,
    });
    expect(body.protocols).toHaveLength(1);
    expect(body.protocols[0]!.name).toBe('range');
    expect(decodeSubscription(body.protocols[0]!.metadata)).toEqual({
      version: 0,
      subscription: { topics: ['t'], userData: null, ownedPartitions: [], generationId: -1, rackId: null },
    });
    expect(encodeRequest(11, 5, 3, 'c', body)).toEqual(frame);
  });

  it('Produce v3 request with a small records buffer (kept as raw bytes, zero-copy)', () => {
    const frame = hex(`
      0000002d             # size 45
      0000 0003            # apiKey 0, apiVersion 3
      00000009             # correlationId 9
      0001 63              # clientId "c"
      ffff                 # transactionalId null (v3+)
      ffff                 # acks -1
      000005dc             # timeoutMs 1500
      00000001             # topicData: count 1
      0002 7431            #   name "t1"
      00000001             #   partitionData: count 1
      00000000             #     index 0
      00000006 deadbeef0102 #    records: int32 length 6 + bytes
    `);
    const payload = unframe(frame);
    const header = decodeRequestHeader(payload);
    const body = decodeRequest(0, 3, payload, header.headerSize);
    expect(body).toEqual({
      transactionalId: null,
      acks: -1,
      timeoutMs: 1500,
      topicData: [{ name: 't1', partitionData: [{ index: 0, records: hex('deadbeef0102') }] }],
    });
    const records = body.topicData[0]!.partitionData[0]!.records!;
    expect(records.buffer).toBe(frame.buffer); // a view into the request, not a copy
    expect(encodeRequest(0, 3, 9, 'c', body)).toEqual(frame);
  });
});

describe('golden response frames', () => {
  it('ApiVersions v3 response: flexible body, but header v0 (no tag byte)', () => {
    const frame = hex(`
      0000001a                # size 26
      0000002a                # correlationId 42, and NO header tag buffer
      0000                    # errorCode 0
      03                      # apiKeys: compact array, N+1 = 3
      0000 0003 0009 00       #   Produce 3-9, struct TAG_BUFFER
      0012 0000 0003 00       #   ApiVersions 0-3, struct TAG_BUFFER
      00000000                # throttleTimeMs 0
      00                      # TAG_BUFFER: empty (all tagged fields at defaults)
    `);
    const body = {
      errorCode: 0,
      apiKeys: [
        { apiKey: 0, minVersion: 3, maxVersion: 9 },
        { apiKey: 18, minVersion: 0, maxVersion: 3 },
      ],
      throttleTimeMs: 0,
      supportedFeatures: [],
      finalizedFeaturesEpoch: -1,
      finalizedFeatures: [],
      zkMigrationReady: false,
    };
    expect(encodeResponse(18, 3, 42, body)).toEqual(frame);
    expect(decodeResponse(18, 3, unframe(frame))).toEqual({ correlationId: 42, body, end: 26 });
  });

  it('ApiVersions v3 response with a tagged field (finalizedFeaturesEpoch, tag 1)', () => {
    const frame = hex(`
      00000016 0000002a 0000 01 00000000
      01 01 08 0000000000000005   # TAG_BUFFER: 1 field, tag 1, size 8, int64 5
    `);
    const decoded = decodeResponse(18, 3, unframe(frame));
    expect(decoded.body.finalizedFeaturesEpoch).toBe(5);
    expect(decoded.body.apiKeys).toEqual([]);
    expect(encodeResponse(18, 3, 42, { finalizedFeaturesEpoch: 5 })).toEqual(frame);
  });

  it('ApiVersions v0 UNSUPPORTED_VERSION answer (KIP-511)', () => {
    const frame = hex(`
      00000010 00000005
      0023                    # errorCode 35
      00000001 0012 0000 0003 # apiKeys: int32 count 1, {18, 0, 3}
    `);
    expect(
      encodeResponse(18, 0, 5, { errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }] }),
    ).toEqual(frame);
  });

  it('Heartbeat v4 response: header v1 has a tag byte', () => {
    const frame = hex(`0000000c 0000000c 00   00000000 001b 00`);
    expect(encodeResponse(12, 4, 12, { errorCode: 27 })).toEqual(frame);
    expect(decodeResponse(12, 4, unframe(frame)).body).toEqual({ throttleTimeMs: 0, errorCode: 27 });
  });
});
