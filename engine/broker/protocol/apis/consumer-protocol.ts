/**
 * The consumer's embedded protocol ("consumer" protocolType): the Subscription a member puts in
 * JoinGroup's protocol metadata and the Assignment the leader sends through SyncGroup. Both are
 * v0–3 and never flexible, and on the wire each is prefixed by its int16 version. The broker
 * treats them as opaque bytes; Sluice decodes them only in tools and tests.
 *
 * As Kafka's ConsumerProtocol does, a version newer than 3 is decoded as v3 (newer versions only
 * append fields) and a negative version is rejected.
 */
import { DecodeError } from '../codec-errors.js';
import { decodeMessage, encodeMessage } from '../plan.js';
import { Reader } from '../reader.js';
import {
  arrayOf,
  message,
  struct,
  type Assert,
  type Encodable,
  type MessageValue,
  type Same,
} from '../schema.js';
import { Writer } from '../writer.js';

export const CONSUMER_PROTOCOL_MAX_VERSION = 3;

export const consumerProtocolSubscription = message({
  name: 'ConsumerProtocolSubscription',
  type: 'data',
  validVersions: '0-3',
  flexibleVersions: 'none',
  fields: [
    { name: 'topics', type: arrayOf('string'), versions: '0+' },
    { name: 'userData', type: 'bytes', versions: '0+', nullableVersions: '0+', default: null },
    {
      name: 'ownedPartitions',
      type: arrayOf(
        struct('TopicPartition', [
          { name: 'topic', type: 'string', versions: '1+' },
          { name: 'partitions', type: arrayOf('int32'), versions: '1+' },
        ]),
      ),
      versions: '1+',
      ignorable: true,
    },
    { name: 'generationId', type: 'int32', versions: '2+', default: -1, ignorable: true },
    {
      name: 'rackId',
      type: 'string',
      versions: '3+',
      nullableVersions: '3+',
      default: null,
      ignorable: true,
    },
  ],
});

export const consumerProtocolAssignment = message({
  name: 'ConsumerProtocolAssignment',
  type: 'data',
  validVersions: '0-3',
  flexibleVersions: 'none',
  fields: [
    {
      name: 'assignedPartitions',
      type: arrayOf(
        struct('TopicPartition', [
          { name: 'topic', type: 'string', versions: '0+' },
          { name: 'partitions', type: arrayOf('int32'), versions: '0+' },
        ]),
      ),
      versions: '0+',
    },
    { name: 'userData', type: 'bytes', versions: '0+', nullableVersions: '0+', default: null },
  ],
});

export interface TopicPartition {
  topic: string;
  partitions: number[];
}

export interface ConsumerProtocolSubscription {
  topics: string[];
  userData: Buffer | null;
  /** v1+. */
  ownedPartitions: TopicPartition[];
  /** v2+. */
  generationId: number;
  /** v3+. */
  rackId: string | null;
}

export interface ConsumerProtocolAssignment {
  assignedPartitions: TopicPartition[];
  userData: Buffer | null;
}

type _ConsumerProtocolChecks = [
  Assert<Same<MessageValue<typeof consumerProtocolSubscription.fields>, ConsumerProtocolSubscription>>,
  Assert<Same<MessageValue<typeof consumerProtocolAssignment.fields>, ConsumerProtocolAssignment>>,
];

function readVersion(reader: Reader): number {
  const version = reader.int16();
  if (version < 0) throw new DecodeError(`consumer protocol version ${version} is negative`);
  return Math.min(version, CONSUMER_PROTOCOL_MAX_VERSION);
}

function checkVersion(version: number): void {
  if (!Number.isInteger(version) || version < 0 || version > CONSUMER_PROTOCOL_MAX_VERSION) {
    throw new RangeError(`consumer protocol version ${version} is not 0–${CONSUMER_PROTOCOL_MAX_VERSION}`);
  }
}

export function encodeSubscription(
  version: number,
  subscription: Encodable<ConsumerProtocolSubscription>,
): Buffer {
  checkVersion(version);
  const writer = new Writer(128);
  writer.int16(version);
  encodeMessage(consumerProtocolSubscription, version, writer, subscription);
  return writer.toBuffer();
}

export function decodeSubscription(bytes: Buffer): {
  version: number;
  subscription: ConsumerProtocolSubscription;
} {
  const reader = new Reader(bytes);
  const version = readVersion(reader);
  return { version, subscription: decodeMessage(consumerProtocolSubscription, version, reader) };
}

export function encodeAssignment(version: number, assignment: Encodable<ConsumerProtocolAssignment>): Buffer {
  checkVersion(version);
  const writer = new Writer(128);
  writer.int16(version);
  encodeMessage(consumerProtocolAssignment, version, writer, assignment);
  return writer.toBuffer();
}

export function decodeAssignment(bytes: Buffer): { version: number; assignment: ConsumerProtocolAssignment } {
  const reader = new Reader(bytes);
  const version = readVersion(reader);
  return { version, assignment: decodeMessage(consumerProtocolAssignment, version, reader) };
}
