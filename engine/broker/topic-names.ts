/**
 * Topic name rules, as Kafka's `Topic.validate`: 1–249 characters of [a-zA-Z0-9._-], not "." or
 * "..". Names that differ only by '.' versus '_' collide in Kafka's metrics; Sluice warns about
 * nothing and refuses nothing beyond Kafka's own rules.
 */
import { ErrorCode, KafkaError } from './errors.js';

export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Why `name` is not a legal topic name, or undefined if it is. */
export function topicNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'topic name is empty';
  if (name === '.' || name === '..') return `topic name "${name}" is not allowed`;
  if (name.length > MAX_TOPIC_NAME_LENGTH) return `topic name is ${name.length} characters, the limit is ${MAX_TOPIC_NAME_LENGTH}`;
  if (!LEGAL.test(name)) return `topic name "${name}" may contain only ASCII letters, digits, '.', '_' and '-'`;
  return undefined;
}

export function assertTopicName(name: string): void {
  const problem = topicNameProblem(name);
  if (problem) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
}

export const isInternalTopic = (name: string): boolean => name.startsWith('__');
