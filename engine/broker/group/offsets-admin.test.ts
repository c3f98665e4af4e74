import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../util/clock.js';
import { ErrorCode, KafkaError } from '../errors.js';
import { GroupCoordinator } from './coordinator.js';
import type { CommittedOffset } from './offset-store.js';
import { MemoryOffsetStore } from './offset-store.js';
import { answered, commitReq, joinReq, makeKit, settled, syncReq } from './test-kit.js';

describe('GroupCoordinator offsets', () => {
  it('resumes from committed offsets: commit as a member, fetch after a restart', async () => {
    const kit = makeKit();
    const join = kit.coordinator.joinGroup(joinReq());
    kit.clock.advance(0);
    const a = await answered(join);
    await answered(kit.coordinator.syncGroup(syncReq({ memberId: a.memberId })));
    const commit = await kit.coordinator.commitOffsets(
      commitReq({
        memberId: a.memberId,
        generationId: a.generationId,
        offsets: [
          { topic: 'orders', partition: 1, offset: 42, leaderEpoch: 3, metadata: 'm' },
          { topic: 'orders', partition: 0, offset: 7, leaderEpoch: -1, metadata: null },
        ],
      }),
    );
    expect(commit.offsets).toEqual([
      { topic: 'orders', partition: 1, errorCode: 0 },
      { topic: 'orders', partition: 0, errorCode: 0 },
    ]);
    expect(kit.store.get('g', 'orders', 1)).toMatchObject({ offset: 42, commitTimestampMs: kit.clock.now() });

    // A restart: a new coordinator over the same store knows the group only through its offsets.
    kit.coordinator.close();
    const restarted = new GroupCoordinator({
      clock: kit.clock,
      offsets: kit.store,
      config: { initialRebalanceDelayMs: 0 },
    });
    expect((await restarted.listGroups()).groups).toEqual([
      { groupId: 'g', protocolType: '', groupState: 'Empty', groupType: 'classic' },
    ]);
    const all = await restarted.fetchOffsets({ groupId: 'g', partitions: null });
    expect(all).toEqual({
      errorCode: 0,
      offsets: [
        { topic: 'orders', partition: 0, offset: 7, leaderEpoch: -1, metadata: '', errorCode: 0 },
        { topic: 'orders', partition: 1, offset: 42, leaderEpoch: 3, metadata: 'm', errorCode: 0 },
      ],
    });
    const some = await restarted.fetchOffsets({
      groupId: 'g',
      partitions: [
        { topic: 'orders', partition: 1 },
        { topic: 'orders', partition: 9 },
      ],
    });
    expect(some.offsets.map((o) => o.offset)).toEqual([42, -1]);
    expect(some.offsets[1]).toEqual({
      topic: 'orders',
      partition: 9,
      offset: -1,
      leaderEpoch: -1,
      metadata: '',
      errorCode: 0,
    });

    const rejoin = restarted.joinGroup(joinReq());
    kit.clock.advance(0);
    expect(await answered(rejoin)).toMatchObject({ errorCode: 0, generationId: 1 });
    restarted.close();
  });

  it('rejects oversized metadata per partition and stale or unknown committers', async () => {
    const kit = makeKit();
    const result = await kit.coordinator.commitOffsets(
      commitReq({
        offsets: [
          { topic: 't', partition: 0, offset: 1, leaderEpoch: -1, metadata: 'x'.repeat(4097) },
          { topic: 't', partition: 1, offset: 1, leaderEpoch: -1, metadata: 'x'.repeat(4096) },
        ],
      }),
    );
    expect(result.offsets.map((o) => o.errorCode)).toEqual([ErrorCode.OFFSET_METADATA_TOO_LARGE, 0]);
    expect(kit.store.get('g', 't', 0)).toBeUndefined();

    const stale = await kit.coordinator.commitOffsets(
      commitReq({ groupId: 'nobody', generationId: 3, memberId: 'm' }),
    );
    expect(stale.offsets[0]?.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    const noGroup = await kit.coordinator.commitOffsets(commitReq({ groupId: '' }));
    expect(noGroup.offsets[0]?.errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
  });

  it('acknowledges a commit only once the store made it durable, and reports store failures', async () => {
    let release: () => void = () => undefined;
    class SlowStore extends MemoryOffsetStore {
      failNext = false;
      override async commit(groupId: string, offsets: CommittedOffset[]): Promise<void> {
        if (this.failNext) throw new KafkaError(ErrorCode.NOT_ENOUGH_REPLICAS, 'disk gone');
        await new Promise<void>((resolve) => (release = resolve));
        await super.commit(groupId, offsets);
      }
    }
    const store = new SlowStore();
    const coordinator = new GroupCoordinator({ clock: new ManualClock(), offsets: store });
    const pending = coordinator.commitOffsets(commitReq());
    expect(await settled(pending)).toBeUndefined();
    release();
    expect((await answered(pending)).offsets[0]?.errorCode).toBe(0);
    store.failNext = true;
    const failed = await coordinator.commitOffsets(commitReq());
    expect(failed.offsets[0]?.errorCode).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
  });
});

describe('GroupCoordinator admin', () => {
  it('describes, lists and deletes groups', async () => {
    const kit = makeKit();
    await kit.coordinator.commitOffsets(commitReq({ groupId: 'offsets-only' }));
    const join = kit.coordinator.joinGroup(joinReq({ clientId: 'a', clientHost: '/10.0.0.1' }));
    kit.clock.advance(0);
    const a = await answered(join);
    expect((await kit.coordinator.describeGroups(['g'])).groups[0]).toMatchObject({
      groupState: 'CompletingRebalance',
      protocolData: '',
      members: [
        { memberId: a.memberId, clientId: 'a', clientHost: '/10.0.0.1', memberMetadata: Buffer.alloc(0) },
      ],
    });
    await answered(
      kit.coordinator.syncGroup(
        syncReq({
          memberId: a.memberId,
          assignments: [{ memberId: a.memberId, assignment: Buffer.from('A') }],
        }),
      ),
    );
    const described = await kit.coordinator.describeGroups(['g', 'missing']);
    expect(described.groups[0]).toMatchObject({
      errorCode: 0,
      groupState: 'Stable',
      protocolType: 'consumer',
      protocolData: 'range',
    });
    expect(described.groups[0]?.members[0]?.memberMetadata.toString()).toBe('meta:range');
    expect(described.groups[0]?.members[0]?.memberAssignment.toString()).toBe('A');
    expect(described.groups[1]).toMatchObject({
      errorCode: 0,
      groupId: 'missing',
      groupState: 'Dead',
      members: [],
    });

    expect((await kit.coordinator.listGroups()).groups.map((g) => [g.groupId, g.groupState])).toEqual([
      ['g', 'Stable'],
      ['offsets-only', 'Empty'],
    ]);
    expect((await kit.coordinator.listGroups(['stable'])).groups.map((g) => g.groupId)).toEqual(['g']);

    const deleted = await kit.coordinator.deleteGroups(['g', 'offsets-only', 'missing']);
    expect(deleted.results).toEqual([
      { groupId: 'g', errorCode: ErrorCode.NON_EMPTY_GROUP },
      { groupId: 'offsets-only', errorCode: 0 },
      { groupId: 'missing', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
    ]);
    expect(kit.store.groupIds()).toEqual([]);
    expect(kit.coordinator.groupState('offsets-only')).toBeUndefined();
  });

  it('a group being deleted is Dead until the store confirms, then gone', async () => {
    const kit = makeKit();
    await kit.coordinator.commitOffsets(commitReq());
    kit.store.holdDeletes = true;
    const deleting = kit.coordinator.deleteGroups(['g']);
    expect(kit.coordinator.groupState('g')).toBe('Dead');
    expect((await kit.coordinator.deleteGroups(['g'])).results[0]?.errorCode).toBe(
      ErrorCode.GROUP_ID_NOT_FOUND,
    );
    kit.store.releaseDeletes();
    expect((await deleting).results[0]?.errorCode).toBe(0);
    expect(kit.coordinator.groupState('g')).toBeUndefined();
    const fresh = kit.coordinator.joinGroup(joinReq());
    kit.clock.advance(0);
    expect((await answered(fresh)).generationId).toBe(1);
  });

  it('close answers parked requests, cancels every timer and refuses later requests', async () => {
    const kit = makeKit({ initialRebalanceDelayMs: 3_000 });
    const ja = kit.coordinator.joinGroup(joinReq({ clientId: 'a' }));
    const jb = kit.coordinator.joinGroup(joinReq({ clientId: 'b' }));
    kit.clock.advance(6_000); // b arrived during the delay, which doubled it
    const parkedJoin = kit.coordinator.joinGroup(joinReq({ groupId: 'joining' }));
    await answered(ja);
    const b = await answered(jb);
    const parkedSync = kit.coordinator.syncGroup(syncReq({ memberId: b.memberId }));
    expect(await settled(parkedSync)).toBeUndefined();
    expect(kit.clock.pendingCount).toBeGreaterThan(0);

    kit.coordinator.close();
    expect(kit.clock.pendingCount).toBe(0);
    expect((await answered(parkedJoin)).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect((await answered(parkedSync)).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect((await answered(kit.coordinator.joinGroup(joinReq()))).errorCode).toBe(
      ErrorCode.COORDINATOR_NOT_AVAILABLE,
    );
    expect((await kit.coordinator.fetchOffsets({ groupId: 'g', partitions: null })).errorCode).toBe(
      ErrorCode.COORDINATOR_NOT_AVAILABLE,
    );
    kit.coordinator.close();
  });
});
