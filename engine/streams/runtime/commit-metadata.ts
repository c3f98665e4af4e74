/**
 * What a task commits beside each input offset, in the offset's metadata string (Kafka's
 * TopicPartitionMetadata): the partition's time and the task's processor metadata, so that a task
 * created again (a restart, or a move to another instance) resumes with the stream time it had and
 * its DSL processors with what they keep there (the last window close time an emit-on-close
 * aggregation emitted for).
 *
 * Invariants: the text starts with a version tag and stays small (Kafka brokers refuse metadata
 * over offset.metadata.max.bytes, 4096 by default); decoding never throws: metadata written by
 * anything else (another tool) reads as none. Version 2 marks state whose timestamped changelogs
 * hold plain values (Kafka's format); version 1 was written by Sluice builds whose changelogs
 * held the timestamp prefix too, which a task refuses to restore from (see StreamTask#restore).
 */

const TAG = 'sluice-task/2:';
const LEGACY_TAG = 'sluice-task/1:';

/** Whether `text` was committed by a Sluice whose timestamped changelogs held the timestamp prefix. */
export function isLegacyCommitMetadata(text: string | null | undefined): boolean {
  return typeof text === 'string' && text.startsWith(LEGACY_TAG);
}

export interface CommitMetadata {
  /** The largest timestamp extracted from the partition (-1 when none). */
  partitionTimeMs: number;
  /** The task's processor metadata. */
  processor: Record<string, number>;
}

export function encodeCommitMetadata(metadata: CommitMetadata): string {
  return TAG + JSON.stringify({ t: metadata.partitionTimeMs, p: metadata.processor });
}

export function decodeCommitMetadata(text: string | null | undefined): CommitMetadata | undefined {
  const tag = typeof text !== 'string' ? undefined : [TAG, LEGACY_TAG].find((t) => text.startsWith(t));
  if (tag === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text!.slice(tag.length));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { t, p } = parsed as { t?: unknown; p?: unknown };
  if (typeof t !== 'number' || !Number.isFinite(t) || typeof p !== 'object' || p === null || Array.isArray(p)) return undefined;
  const processor: Record<string, number> = {};
  for (const [key, value] of Object.entries(p)) if (typeof value === 'number' && Number.isFinite(value)) processor[key] = value;
  return { partitionTimeMs: t, processor };
}
