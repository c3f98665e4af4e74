/**
 * A Kafka-speaking TCP sink for benchmarks: it answers just enough (ApiVersions, Metadata,
 * Produce) for kcat to push its whole payload, and discards the records without validating or
 * storing them. kcat → this sink is the ceiling of "the same payload pushed through loopback
 * TCP" for that client; kcat → sluice broker over it is the broker's share of the cost.
 */
import { startKafkaServer, type KafkaServer } from '../../engine/broker/server/kafka-server.js';
import { API_KEYS, decodeRequest, decodeRequestHeader, encodeResponse } from '../../engine/broker/protocol/index.js';
import { servedApiVersions } from '../../engine/broker/handlers/api-versions.js';
import { silentLogger } from '../../engine/util/logger.js';

export async function startDiscardBroker(): Promise<KafkaServer> {
  let nextOffset = 0;
  let port = 0;
  const server = await startKafkaServer(
    {
      async handle(frame) {
        const header = decodeRequestHeader(frame);
        const { apiKey, apiVersion, correlationId } = header;
        if (apiKey === API_KEYS.ApiVersions) {
          return encodeResponse(API_KEYS.ApiVersions, apiVersion, correlationId, { errorCode: 0, apiKeys: servedApiVersions() });
        }
        if (apiKey === API_KEYS.Metadata) {
          const request = decodeRequest(API_KEYS.Metadata, apiVersion, frame, header.headerSize);
          const names = (request.topics ?? []).map((t) => t.name ?? '');
          return encodeResponse(API_KEYS.Metadata, apiVersion, correlationId, {
            brokers: [{ nodeId: 1, host: '127.0.0.1', port, rack: null }],
            controllerId: 1,
            clusterId: 'discard',
            topics: names.map((name) => ({ errorCode: 0, name, isInternal: false, partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: 0, replicaNodes: [1], isrNodes: [1], offlineReplicas: [] }] })),
          });
        }
        if (apiKey === API_KEYS.Produce) {
          const request = decodeRequest(API_KEYS.Produce, apiVersion, frame, header.headerSize);
          if (request.acks === 0) return null;
          return encodeResponse(API_KEYS.Produce, apiVersion, correlationId, {
            responses: request.topicData.map((t) => ({
              name: t.name,
              partitionResponses: t.partitionData.map((p) => ({ index: p.index, errorCode: 0, baseOffset: nextOffset++, logAppendTimeMs: -1, logStartOffset: 0 })),
            })),
          });
        }
        throw new Error(`the discard broker does not serve API ${apiKey}`);
      },
    },
    { host: '127.0.0.1', port: 0, maxFrameBytes: 100 * 1024 * 1024, idleTimeoutMs: 600_000, logger: silentLogger },
  );
  port = server.port;
  return server;
}
