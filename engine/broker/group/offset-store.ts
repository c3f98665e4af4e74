/**
 * Where the group coordinator keeps committed offsets. The broker implements `OffsetStore` durably
 * (on an internal compacted topic); `MemoryOffsetStore` is the in-memory twin used by tests and by
 * throwaway brokers.
 *
 * Invariants: `commit` resolves only once the offsets survive a broker process crash, and from then on `get`/`list`
 * return them; the last commit for a (group, topic, partition) wins. A group id is listed by
 * `groupIds` exactly while it has at least one committed offset. Offsets are plain JS numbers
 * (safe integers) throughout Sluice.
 */

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
  /** -1 when the client did not send one. */
  leaderEpoch: number;
  metadata: string | null;
  commitTimestampMs: number;
}

export interface OffsetStore {
  /** Persist `offsets` for `groupId`; resolves once they survive a broker process crash. */
  commit(groupId: string, offsets: CommittedOffset[]): Promise<void>;
  get(groupId: string, topic: string, partition: number): CommittedOffset | undefined;
  /** Every committed offset of the group, sorted by topic then partition. */
  list(groupId: string): CommittedOffset[];
  /** Groups with at least one committed offset. */
  groupIds(): string[];
  /** Forget every offset of the group; resolves once that survives a broker process crash. */
  deleteGroup(groupId: string): Promise<void>;
}

function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/** An `OffsetStore` that keeps everything in memory; commits are durable immediately. */
export class MemoryOffsetStore implements OffsetStore {
  private readonly byGroup = new Map<string, Map<string, CommittedOffset>>();

  commit(groupId: string, offsets: CommittedOffset[]): Promise<void> {
    if (offsets.length === 0) return Promise.resolve();
    let group = this.byGroup.get(groupId);
    if (!group) {
      group = new Map();
      this.byGroup.set(groupId, group);
    }
    for (const offset of offsets) group.set(partitionKey(offset.topic, offset.partition), { ...offset });
    return Promise.resolve();
  }

  get(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    const found = this.byGroup.get(groupId)?.get(partitionKey(topic, partition));
    return found ? { ...found } : undefined;
  }

  list(groupId: string): CommittedOffset[] {
    const group = this.byGroup.get(groupId);
    if (!group) return [];
    return [...group.values()]
      .map((offset) => ({ ...offset }))
      .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  }

  groupIds(): string[] {
    return [...this.byGroup.keys()];
  }

  deleteGroup(groupId: string): Promise<void> {
    this.byGroup.delete(groupId);
    return Promise.resolve();
  }
}
