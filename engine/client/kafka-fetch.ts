/**
 * Group-less fetch for KafkaClient. kafkajs has no public assign-mode consumer: its consumer is
 * always a group member, and a throwaway group per fetch would cost a JoinGroup/SyncGroup round
 * and leave groups behind on the cluster. Instead this module uses kafkajs's own Cluster, created
 * by the Kafka instance's private `createCluster` factory (found by its symbol description), so it
 * carries exactly the user's connection settings (brokers, TLS, SASL, socket factory, retries).
 * With it we refresh metadata for the topics, group the requested partitions by leader
 * (`cluster.findLeaderForPartitions`) and send one Fetch per leader (`broker.fetch`), which kafkajs
 * encodes, sends and decodes (including record-batch decompression).
 *
 * This depends on kafkajs 2.x internals (the Cluster and Broker classes and their method shapes);
 * `openInternalCluster` checks them and fails with a clear message if they are missing. A stale
 * leader (NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION after metadata changes) triggers one
 * metadata refresh and a retry. kafkajs fails the whole response on the first partition error; the
 * error is reported as a KafkaError naming the partitions that were asked of that broker.
 */
import type { Kafka } from 'kafkajs';
import { ErrorCode, KafkaError } from '../broker/errors.js';
import type { FetchedPartition, FetchRequest } from './log-client.js';
import { recordFromKafkajs, toKafkaError, type KafkajsMessage } from './kafka-support.js';

interface InternalFetchPartition {
  partition: number;
  errorCode: number;
  highWatermark: string;
  logStartOffset?: string;
  /** kafkajs's spelling in Fetch v5+ responses. */
  lastStartOffset?: string;
  messages: KafkajsMessage[];
}

interface InternalFetchResponse {
  responses: Array<{ topicName: string; partitions: InternalFetchPartition[] }>;
}

interface InternalBroker {
  fetch(request: {
    replicaId?: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: Array<{ topic: string; partitions: Array<{ partition: number; fetchOffset: string; maxBytes: number }> }>;
  }): Promise<InternalFetchResponse>;
}

export interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  refreshMetadata(): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(node: { nodeId: string }): Promise<InternalBroker>;
}

const READ_COMMITTED = 1;
const CLUSTER_METHODS = ['connect', 'disconnect', 'isConnected', 'addMultipleTargetTopics', 'refreshMetadata', 'findLeaderForPartitions', 'findBroker'] as const;
const STALE_METADATA = new Set<number>([ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.LEADER_NOT_AVAILABLE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);

/** A kafkajs Cluster with the Kafka instance's settings (see the module header). */
export function openInternalCluster(kafka: Kafka): InternalCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const factory = symbol === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[symbol];
  if (typeof factory !== 'function') {
    throw new Error('KafkaClient needs kafkajs 2.x internals (Kafka#createCluster) for group-less fetches; this kafkajs version does not have them');
  }
  const cluster = (factory as (options: object) => unknown)({ allowAutoTopicCreation: false, isolationLevel: READ_COMMITTED, metadataMaxAge: 300_000 });
  for (const method of CLUSTER_METHODS) {
    if (typeof (cluster as Record<string, unknown>)[method] !== 'function') {
      throw new Error(`KafkaClient needs kafkajs 2.x internals: Cluster#${method} is missing`);
    }
  }
  return cluster as InternalCluster;
}

export interface GroupLessFetchOptions {
  maxWaitMs: number;
  maxBytes: number;
  partitionMaxBytes: number;
}

/** Fetches the requested partitions from their leaders; results in request order. */
export async function fetchWithoutGroup(cluster: InternalCluster, requests: readonly FetchRequest[], options: GroupLessFetchOptions): Promise<FetchedPartition[]> {
  if (!cluster.isConnected()) await cluster.connect();
  await cluster.addMultipleTargetTopics([...new Set(requests.map((r) => r.topic))]);
  try {
    return await fetchOnce(cluster, requests, options);
  } catch (error) {
    if (!(error instanceof KafkaError && STALE_METADATA.has(error.errorCode))) throw error;
    await cluster.refreshMetadata();
    return await fetchOnce(cluster, requests, options);
  }
}

async function fetchOnce(cluster: InternalCluster, requests: readonly FetchRequest[], options: GroupLessFetchOptions): Promise<FetchedPartition[]> {
  const byLeader = new Map<string, FetchRequest[]>();
  for (const request of requests) {
    const leaders = cluster.findLeaderForPartitions(request.topic, [request.partition]);
    const nodeId = Object.keys(leaders)[0];
    if (nodeId === undefined) {
      throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `fetch: ${request.topic}-${request.partition} does not exist`);
    }
    byLeader.set(nodeId, [...(byLeader.get(nodeId) ?? []), request]);
  }
  const results = new Map<string, FetchedPartition>();
  await Promise.all(
    [...byLeader].map(async ([nodeId, asked]) => {
      const names = asked.map((r) => `${r.topic}-${r.partition}@${r.offset}`).join(', ');
      let response: InternalFetchResponse;
      try {
        const broker = await cluster.findBroker({ nodeId });
        response = await broker.fetch({
          replicaId: -1,
          isolationLevel: READ_COMMITTED,
          maxWaitTime: options.maxWaitMs,
          minBytes: 1,
          maxBytes: options.maxBytes,
          topics: groupTopics(asked, options.partitionMaxBytes),
        });
      } catch (error) {
        throw toKafkaError(error, `fetch of ${names} from broker ${nodeId}`);
      }
      for (const { topicName, partitions } of response.responses) {
        for (const p of partitions) {
          const asking = asked.find((r) => r.topic === topicName && r.partition === p.partition);
          if (!asking) continue;
          results.set(`${topicName}:${p.partition}`, toFetched(topicName, p, asking.offset));
        }
      }
    }),
  );
  return requests.map((r) => {
    const found = results.get(`${r.topic}:${r.partition}`);
    if (!found) throw new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, `fetch: the broker did not answer for ${r.topic}-${r.partition}`);
    return found;
  });
}

function groupTopics(requests: readonly FetchRequest[], partitionMaxBytes: number) {
  const topics = new Map<string, Array<{ partition: number; fetchOffset: string; maxBytes: number }>>();
  for (const r of requests) {
    topics.set(r.topic, [...(topics.get(r.topic) ?? []), { partition: r.partition, fetchOffset: String(r.offset), maxBytes: partitionMaxBytes }]);
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}

function toFetched(topic: string, p: InternalFetchPartition, fromOffset: number): FetchedPartition {
  const records = p.messages
    .filter((m) => !m.isControlRecord && Number(m.offset) >= fromOffset)
    .map((m) => recordFromKafkajs(topic, p.partition, m));
  return {
    topic,
    partition: p.partition,
    records,
    highWatermark: Number(p.highWatermark),
    logStartOffset: Number(p.logStartOffset ?? p.lastStartOffset ?? -1),
  };
}
