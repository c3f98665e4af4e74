/**
 * Topic-level configs with Kafka's names, types, defaults and validation. A topic stores only its
 * overrides; the effective value is override → broker default (`log.*` names) → Kafka default.
 * Bad values are refused with INVALID_CONFIG naming the key and the rule it broke.
 */
import { ErrorCode, KafkaError } from './errors.js';

type Parser = (raw: string, key: string) => number | string;

export interface TopicConfigSpec {
  /** The broker-level config that supplies the default, as in Kafka. */
  brokerKey: string;
  defaultValue: string;
  parse: Parser;
  doc: string;
}

function invalid(key: string, raw: string, rule: string): KafkaError {
  return new KafkaError(ErrorCode.INVALID_CONFIG, `invalid value "${raw}" for config ${key}: ${rule}`);
}

function integer(min: number, max = Number.MAX_SAFE_INTEGER): Parser {
  return (raw, key) => {
    const value = Number(raw.trim());
    if (raw.trim() === '' || !Number.isSafeInteger(value)) throw invalid(key, raw, 'expected an integer');
    if (value < min || value > max) throw invalid(key, raw, `must be between ${min} and ${max}`);
    return value;
  };
}

function oneOf(...allowed: string[]): Parser {
  return (raw, key) => {
    const value = raw.trim();
    if (!allowed.includes(value)) throw invalid(key, raw, `expected one of ${allowed.join(', ')}`);
    return value;
  };
}

const cleanupPolicy: Parser = (raw, key) => {
  const parts = raw.split(',').map((part) => part.trim()).filter(Boolean);
  if (parts.length === 0 || parts.some((part) => part !== 'delete' && part !== 'compact')) {
    throw invalid(key, raw, 'expected delete, compact, or both separated by a comma');
  }
  return [...new Set(parts)].sort().join(',');
};

const DAY_MS = 24 * 60 * 60 * 1000;

export const TOPIC_CONFIGS: Readonly<Record<string, TopicConfigSpec>> = {
  'cleanup.policy': { brokerKey: 'log.cleanup.policy', defaultValue: 'delete', parse: cleanupPolicy, doc: 'delete old segments, compact to the latest value per key, or both' },
  'retention.ms': { brokerKey: 'log.retention.ms', defaultValue: String(7 * DAY_MS), parse: integer(-1), doc: 'how long a segment is kept after its newest record (-1: forever)' },
  'retention.bytes': { brokerKey: 'log.retention.bytes', defaultValue: '-1', parse: integer(-1), doc: 'the partition size above which the oldest segments are deleted (-1: no limit)' },
  'segment.bytes': { brokerKey: 'log.segment.bytes', defaultValue: String(1024 * 1024 * 1024), parse: integer(14, 2 ** 31 - 1), doc: 'the size at which a segment rolls' },
  'segment.ms': { brokerKey: 'log.roll.ms', defaultValue: String(7 * DAY_MS), parse: integer(1), doc: 'the age at which a segment rolls' },
  'max.message.bytes': { brokerKey: 'message.max.bytes', defaultValue: '1048588', parse: integer(0, 2 ** 31 - 1), doc: 'the largest record batch the topic accepts' },
  'min.compaction.lag.ms': { brokerKey: 'log.cleaner.min.compaction.lag.ms', defaultValue: '0', parse: integer(0), doc: 'how long a record stays uncompacted' },
  'delete.retention.ms': { brokerKey: 'log.cleaner.delete.retention.ms', defaultValue: String(DAY_MS), parse: integer(0), doc: 'how long tombstones survive compaction' },
  'message.timestamp.type': { brokerKey: 'log.message.timestamp.type', defaultValue: 'CreateTime', parse: oneOf('CreateTime', 'LogAppendTime'), doc: "the producer's timestamp or the broker's append time" },
  'index.interval.bytes': { brokerKey: 'log.index.interval.bytes', defaultValue: '4096', parse: integer(0), doc: 'bytes between offset index entries' },
  'segment.index.bytes': { brokerKey: 'log.index.size.max.bytes', defaultValue: String(10 * 1024 * 1024), parse: integer(4), doc: 'the largest offset index before a segment rolls' },
};

export function isTopicConfigKey(key: string): boolean {
  return Object.hasOwn(TOPIC_CONFIGS, key);
}

function specOf(key: string): TopicConfigSpec {
  const spec = TOPIC_CONFIGS[key];
  if (!spec) {
    throw new KafkaError(ErrorCode.INVALID_CONFIG, `unknown topic config ${key}; known: ${Object.keys(TOPIC_CONFIGS).join(', ')}`);
  }
  return spec;
}

/** Validates and normalizes topic overrides; throws INVALID_CONFIG on the first bad one. */
export function normalizeTopicConfigs(overrides: Readonly<Record<string, string>>): Record<string, string> {
  const normalized: Record<string, string> = {};
  for (const [key, raw] of Object.entries(overrides)) normalized[key] = String(specOf(key).parse(raw, key));
  return normalized;
}

export type ConfigSource = 'topic' | 'broker' | 'default';

export interface EffectiveConfig {
  name: string;
  value: string;
  source: ConfigSource;
  doc: string;
}

/** Every topic config with its effective value and where it came from. */
export function effectiveTopicConfigs(
  overrides: Readonly<Record<string, string>>,
  brokerDefaults: Readonly<Record<string, string>>,
): EffectiveConfig[] {
  return Object.entries(TOPIC_CONFIGS).map(([name, spec]) => {
    const topicValue = overrides[name];
    if (topicValue !== undefined) return { name, value: topicValue, source: 'topic', doc: spec.doc };
    const brokerValue = brokerDefaults[spec.brokerKey];
    if (brokerValue !== undefined) return { name, value: String(spec.parse(brokerValue, spec.brokerKey)), source: 'broker', doc: spec.doc };
    return { name, value: spec.defaultValue, source: 'default', doc: spec.doc };
  });
}

export function configValue(configs: readonly EffectiveConfig[], name: string): string {
  const entry = configs.find((config) => config.name === name);
  if (!entry) throw new Error(`no topic config ${name}`);
  return entry.value;
}

export function numericConfig(configs: readonly EffectiveConfig[], name: string): number {
  return Number(configValue(configs, name));
}
