/**
 * BrokerAccess: the part of the embedded Broker that InProcessClient and its group consumers use,
 * every call asynchronous, so that it can be the Broker of this thread (localBrokerAccess: direct
 * calls, nothing copied) or the Broker of another thread over a MessagePort (broker-port.ts: the
 * stream threads). Data crosses as the log stores it: RecordBatch v2 bytes in Buffers.
 *
 * Invariant: `produce` starts its append before it returns its promise (the Broker appends
 * synchronously; the port posts messages in call order), so appends to one partition land in call
 * order.
 */
import type { Broker, CreateTopicOptions, ProduceResult } from '../broker/broker.js';
import { ErrorCode, KafkaError } from '../broker/errors.js';
import type { FetchOptions, FetchPartitionRequest, FetchPartitionResult } from '../broker/fetch.js';
import type { GroupCoordinator } from '../broker/group/index.js';
import type { ListedOffset } from '../broker/list-offsets.js';
import type { Acks } from './log-client.js';
import type { Clock } from '../util/clock.js';

/** The group coordinator requests a consumer group member sends. */
export type GroupRequests = Pick<GroupCoordinator, 'joinGroup' | 'syncGroup' | 'heartbeat' | 'leaveGroup' | 'commitOffsets' | 'fetchOffsets'>;

export interface BrokerAccess {
  /** The clock timers and default timestamps use on this side. */
  readonly clock: Clock;
  readonly groups: GroupRequests;
  createTopic(name: string, options: CreateTopicOptions): Promise<void>;
  deleteTopic(name: string): Promise<void>;
  /** The topic's partition count; undefined when there is no such topic. */
  partitionCount(name: string): Promise<number | undefined>;
  /** Names of the topics that are not internal to the broker. */
  listTopicNames(): Promise<string[]>;
  produce(topic: string, partition: number, batches: Buffer, options: { acks: Acks }): Promise<ProduceResult>;
  fetch(requests: readonly FetchPartitionRequest[], options: FetchOptions): Promise<FetchPartitionResult[]>;
  /** As Broker#listOffsets: -1 latest, -2 earliest, else the first offset with a timestamp at or after it. */
  listOffsets(topic: string, partition: number, timestamp: number): Promise<ListedOffset>;
  /** As Broker#deleteRecords: the new log start offset. */
  deleteRecords(topic: string, partition: number, offset: number): Promise<number>;
}

/** Direct calls to a Broker of this thread. */
export function localBrokerAccess(broker: Broker): BrokerAccess {
  return {
    clock: broker.clock,
    groups: broker.groups,
    createTopic: async (name, options) => void (await broker.createTopic(name, options)),
    deleteTopic: (name) => broker.deleteTopic(name),
    partitionCount: async (name) => (broker.hasTopic(name) ? broker.describeTopic(name).partitions.length : undefined),
    listTopicNames: async () => broker.listTopics().map((topic) => topic.name),
    produce: (topic, partition, batches, options) => broker.produce(topic, partition, batches, options),
    fetch: (requests, options) => broker.fetch(requests, options),
    listOffsets: async (topic, partition, timestamp) => broker.listOffsets(topic, partition, timestamp),
    deleteRecords: async (topic, partition, offset) => broker.deleteRecords(topic, partition, offset),
  };
}

/** The partition count of a topic that must exist; UNKNOWN_TOPIC_OR_PARTITION naming it otherwise. */
export async function requirePartitionCount(access: BrokerAccess, topic: string): Promise<number> {
  const count = await access.partitionCount(topic);
  if (count === undefined) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic "${topic}" does not exist`);
  return count;
}
