/**
 * Broker-level configs, with Kafka's names and defaults (`--config KEY=VALUE` on the command
 * line). Topic defaults use the broker names Kafka uses (`log.retention.ms`, `log.segment.bytes`, …)
 * and are checked with the same rules as the topic configs they feed. Unknown keys are refused with
 * a message that lists the known ones, so a typo never passes silently.
 */
import { ErrorCode, KafkaError } from './errors.js';
import { TOPIC_CONFIGS } from './topic-config.js';

export interface BrokerSettings {
  numPartitions: number;
  autoCreateTopics: boolean;
  groupInitialRebalanceDelayMs: number;
  groupMinSessionTimeoutMs: number;
  groupMaxSessionTimeoutMs: number;
  offsetsTopicNumPartitions: number;
  socketRequestMaxBytes: number;
  connectionsMaxIdleMs: number;
  retentionCheckIntervalMs: number;
  cleanerBackoffMs: number;
  /** Broker-level topic defaults, by broker key (`log.retention.ms`, …). */
  topicDefaults: Record<string, string>;
}

interface BrokerKeySpec {
  defaultValue: string;
  kind: 'int' | 'bool';
  min?: number;
  doc: string;
}

const BROKER_KEYS: Readonly<Record<string, BrokerKeySpec>> = {
  'num.partitions': { defaultValue: '1', kind: 'int', min: 1, doc: 'partitions of an auto-created topic' },
  'auto.create.topics.enable': { defaultValue: 'true', kind: 'bool', doc: 'create unknown topics on Metadata and Produce' },
  'group.initial.rebalance.delay.ms': { defaultValue: '3000', kind: 'int', min: 0, doc: 'wait for more members before the first rebalance of an empty group' },
  'group.min.session.timeout.ms': { defaultValue: '6000', kind: 'int', min: 0, doc: 'smallest session timeout a member may ask for' },
  'group.max.session.timeout.ms': { defaultValue: '1800000', kind: 'int', min: 0, doc: 'largest session timeout a member may ask for' },
  'offsets.topic.num.partitions': { defaultValue: '1', kind: 'int', min: 1, doc: 'partitions of __consumer_offsets (one node: 1 is enough)' },
  'socket.request.max.bytes': { defaultValue: String(100 * 1024 * 1024), kind: 'int', min: 1, doc: 'largest request frame accepted' },
  'connections.max.idle.ms': { defaultValue: '600000', kind: 'int', min: 1, doc: 'idle connections close after this' },
  'log.retention.check.interval.ms': { defaultValue: '300000', kind: 'int', min: 1, doc: 'how often retention runs' },
  'log.cleaner.backoff.ms': { defaultValue: '15000', kind: 'int', min: 1, doc: 'how often compaction runs' },
  'log.retention.hours': { defaultValue: '168', kind: 'int', min: -1, doc: 'retention in hours, if log.retention.ms is not set' },
  'log.retention.minutes': { defaultValue: '', kind: 'int', min: -1, doc: 'retention in minutes, if log.retention.ms is not set' },
  'default.replication.factor': { defaultValue: '1', kind: 'int', min: 1, doc: 'a single node keeps one replica' },
};

const TOPIC_DEFAULT_KEYS = new Set(Object.values(TOPIC_CONFIGS).map((spec) => spec.brokerKey));

export function knownBrokerKeys(): string[] {
  return [...Object.keys(BROKER_KEYS), ...TOPIC_DEFAULT_KEYS].sort();
}

function parseInt(key: string, raw: string, min: number): number {
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    throw new KafkaError(ErrorCode.INVALID_CONFIG, `invalid value "${raw}" for broker config ${key}: expected an integer >= ${min}`);
  }
  return value;
}

function parseBool(key: string, raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (value !== 'true' && value !== 'false') {
    throw new KafkaError(ErrorCode.INVALID_CONFIG, `invalid value "${raw}" for broker config ${key}: expected true or false`);
  }
  return value === 'true';
}

/** Effective broker settings from `KEY=VALUE` overrides; throws INVALID_CONFIG on a bad or unknown key. */
export function resolveBrokerSettings(overrides: Readonly<Record<string, string>> = {}): BrokerSettings {
  const topicDefaults: Record<string, string> = {};
  for (const [key, raw] of Object.entries(overrides)) {
    const brokerSpec = BROKER_KEYS[key];
    if (brokerSpec) {
      if (brokerSpec.kind === 'int') parseInt(key, raw, brokerSpec.min ?? 0);
      else parseBool(key, raw);
      continue;
    }
    if (!TOPIC_DEFAULT_KEYS.has(key)) {
      throw new KafkaError(ErrorCode.INVALID_CONFIG, `unknown broker config ${key}; known: ${knownBrokerKeys().join(', ')}`);
    }
    const topicEntry = Object.entries(TOPIC_CONFIGS).find(([, spec]) => spec.brokerKey === key)!;
    topicDefaults[key] = String(topicEntry[1].parse(raw, key));
  }
  const get = (key: string): string => overrides[key] ?? BROKER_KEYS[key]!.defaultValue;
  const int = (key: string): number => parseInt(key, get(key), BROKER_KEYS[key]!.min ?? 0);
  if (topicDefaults['log.retention.ms'] === undefined) {
    const minutes = overrides['log.retention.minutes'];
    const hours = overrides['log.retention.hours'];
    if (minutes !== undefined) topicDefaults['log.retention.ms'] = String(Math.max(-1, int('log.retention.minutes') * 60_000));
    else if (hours !== undefined) topicDefaults['log.retention.ms'] = String(Math.max(-1, int('log.retention.hours') * 3_600_000));
  }
  return {
    numPartitions: int('num.partitions'),
    autoCreateTopics: parseBool('auto.create.topics.enable', get('auto.create.topics.enable')),
    groupInitialRebalanceDelayMs: int('group.initial.rebalance.delay.ms'),
    groupMinSessionTimeoutMs: int('group.min.session.timeout.ms'),
    groupMaxSessionTimeoutMs: int('group.max.session.timeout.ms'),
    offsetsTopicNumPartitions: int('offsets.topic.num.partitions'),
    socketRequestMaxBytes: int('socket.request.max.bytes'),
    connectionsMaxIdleMs: int('connections.max.idle.ms'),
    retentionCheckIntervalMs: int('log.retention.check.interval.ms'),
    cleanerBackoffMs: int('log.cleaner.backoff.ms'),
    topicDefaults,
  };
}

/** Parses `KEY=VALUE` strings (the CLI's repeatable --config) into a map. */
export function parseConfigPairs(pairs: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new KafkaError(ErrorCode.INVALID_CONFIG, `--config expects KEY=VALUE, got "${pair}"`);
    result[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return result;
}
