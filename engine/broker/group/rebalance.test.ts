import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import type { JoinGroupResponse } from './group-api.js';
import { GroupErrorCode } from './group-state.js';
import { answered, hbReq, joinReq, makeKit, protocols, settled, syncReq, type Kit } from './test-kit.js';

/** Leader syncs with `assignments` (memberId → text), followers sync with nothing; returns texts. */
async function syncAll(
  kit: Kit,
  joins: JoinGroupResponse[],
  assignments: Record<string, string>,
): Promise<string[]> {
  const pending = joins.map((j) =>
    kit.coordinator.syncGroup(
      syncReq({
        memberId: j.memberId,
        generationId: j.generationId,
        assignments:
          j.leader === j.memberId
            ? Object.entries(assignments).map(([memberId, text]) => ({
                memberId,
                assignment: Buffer.from(text),
              }))
            : [],
      }),
    ),
  );
  const answers = await Promise.all(pending.map((p) => answered(p)));
  for (const answer of answers) expect(answer.errorCode).toBe(ErrorCode.NONE);
  return answers.map((a) => a.assignment.toString());
}

async function twoMemberStableGroup(kit: Kit): Promise<[JoinGroupResponse, JoinGroupResponse]> {
  const ja = kit.coordinator.joinGroup(joinReq({ clientId: 'a' }));
  const jb = kit.coordinator.joinGroup(joinReq({ clientId: 'b' }));
  kit.clock.advance(0);
  const a = await answered(ja);
  const b = await answered(jb);
  await syncAll(kit, [a, b], { [a.memberId]: 'A', [b.memberId]: 'B' });
  return [a, b];
}

describe('GroupCoordinator rebalances', () => {
  it('two members join and sync: the leader assigns, everyone gets its own bytes', async () => {
    const kit = makeKit();
    const ja = kit.coordinator.joinGroup(
      joinReq({ clientId: 'a', protocols: protocols('range', 'roundrobin') }),
    );
    const jb = kit.coordinator.joinGroup(
      joinReq({ clientId: 'b', protocols: protocols('roundrobin', 'range') }),
    );
    const jc = kit.coordinator.joinGroup(joinReq({ clientId: 'c', protocols: protocols('roundrobin') }));
    expect(await settled(ja)).toBeUndefined();
    kit.clock.advance(0);
    const [a, b, c] = [await answered(ja), await answered(jb), await answered(jc)];
    expect(a.memberId).toMatch(/^a-[0-9a-f-]{36}$/);
    expect(a).toMatchObject({ errorCode: 0, generationId: 1, protocolType: 'consumer', leader: a.memberId });
    // Only roundrobin is supported by all three; it wins the vote.
    expect(a.protocolName).toBe('roundrobin');
    expect(a.members.map((m) => m.memberId)).toEqual([a.memberId, b.memberId, c.memberId]);
    expect(a.members[1]?.metadata.toString()).toBe('meta:roundrobin');
    expect(b.members).toEqual([]);
    expect(kit.coordinator.groupState('g')).toBe('CompletingRebalance');

    const sb = kit.coordinator.syncGroup(syncReq({ memberId: b.memberId }));
    expect(await settled(sb)).toBeUndefined();
    const sa = kit.coordinator.syncGroup(
      syncReq({
        memberId: a.memberId,
        assignments: [{ memberId: b.memberId, assignment: Buffer.from('for b') }],
      }),
    );
    const sc = kit.coordinator.syncGroup(syncReq({ memberId: c.memberId, protocolName: 'roundrobin' }));
    expect((await answered(sb)).assignment.toString()).toBe('for b');
    expect(await answered(sa)).toMatchObject({
      errorCode: 0,
      protocolType: 'consumer',
      protocolName: 'roundrobin',
    });
    expect((await answered(sa)).assignment.length).toBe(0);
    expect((await answered(sc)).errorCode).toBe(0);
    expect(kit.coordinator.groupState('g')).toBe('Stable');
    expect((await kit.coordinator.heartbeat(hbReq({ memberId: b.memberId }))).errorCode).toBe(0);
  });

  it('a third member triggers a rebalance that completes once everyone rejoined', async () => {
    const kit = makeKit();
    const [a, b] = await twoMemberStableGroup(kit);
    const jc = kit.coordinator.joinGroup(joinReq({ clientId: 'c' }));
    expect(kit.coordinator.groupState('g')).toBe('PreparingRebalance');
    expect((await kit.coordinator.heartbeat(hbReq({ memberId: a.memberId }))).errorCode).toBe(
      ErrorCode.REBALANCE_IN_PROGRESS,
    );
    const ra = kit.coordinator.joinGroup(joinReq({ clientId: 'a', memberId: a.memberId }));
    expect(await settled(ra)).toBeUndefined();
    const rb = kit.coordinator.joinGroup(joinReq({ clientId: 'b', memberId: b.memberId }));
    const [a2, b2, c2] = [await answered(ra), await answered(rb), await answered(jc)];
    expect(a2).toMatchObject({ generationId: 2, leader: a.memberId });
    expect(a2.members).toHaveLength(3);
    expect(c2.memberId).toMatch(/^c-/);
    expect(
      await syncAll(kit, [a2, b2, c2], { [a.memberId]: 'A', [b.memberId]: 'B', [c2.memberId]: 'C' }),
    ).toEqual(['A', 'B', 'C']);
    expect(kit.coordinator.groupState('g')).toBe('Stable');
  });

  it('expires a member whose session runs out and rebalances without it', async () => {
    const kit = makeKit();
    const [a, b] = await twoMemberStableGroup(kit);
    for (let i = 0; i < 3; i += 1) {
      kit.clock.advance(3_000);
      expect((await kit.coordinator.heartbeat(hbReq({ memberId: a.memberId }))).errorCode).toBe(0);
    }
    expect(kit.coordinator.groupState('g')).toBe('Stable');
    kit.clock.advance(1_000); // b has not heartbeated for 10 s, its session timeout
    expect(kit.coordinator.groupState('g')).toBe('PreparingRebalance');
    expect((await kit.coordinator.heartbeat(hbReq({ memberId: b.memberId }))).errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
    expect((await kit.coordinator.heartbeat(hbReq({ memberId: a.memberId }))).errorCode).toBe(
      ErrorCode.REBALANCE_IN_PROGRESS,
    );
    const a2 = await answered(kit.coordinator.joinGroup(joinReq({ clientId: 'a', memberId: a.memberId })));
    expect(a2).toMatchObject({ errorCode: 0, generationId: 2, leader: a.memberId });
    expect(a2.members.map((m) => m.memberId)).toEqual([a.memberId]);
  });

  it('removes members that do not rejoin within the rebalance timeout', async () => {
    const kit = makeKit();
    const [a, b] = await twoMemberStableGroup(kit);
    const ra = kit.coordinator.joinGroup(joinReq({ clientId: 'a', memberId: a.memberId }));
    // b keeps heartbeating (REBALANCE_IN_PROGRESS) but never rejoins.
    for (let elapsed = 0; elapsed < 30_000; elapsed += 5_000) {
      expect(await settled(ra)).toBeUndefined();
      await kit.coordinator.heartbeat(hbReq({ memberId: b.memberId }));
      kit.clock.advance(5_000);
    }
    const a2 = await answered(ra);
    expect(a2.members.map((m) => m.memberId)).toEqual([a.memberId]);
    expect(
      (await kit.coordinator.heartbeat(hbReq({ memberId: b.memberId, generationId: 2 }))).errorCode,
    ).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('removes a member that never syncs and rebalances', async () => {
    const kit = makeKit();
    // The rebalance timeout (8 s) is shorter than the session timeout (10 s): the sync deadline hits first.
    const ja = kit.coordinator.joinGroup(joinReq({ clientId: 'a', rebalanceTimeoutMs: 8_000 }));
    const jb = kit.coordinator.joinGroup(joinReq({ clientId: 'b', rebalanceTimeoutMs: 8_000 }));
    kit.clock.advance(0);
    const a = await answered(ja);
    await answered(jb);
    await answered(kit.coordinator.syncGroup(syncReq({ memberId: a.memberId })));
    expect(kit.coordinator.groupState('g')).toBe('Stable');
    kit.clock.advance(7_999);
    expect(kit.coordinator.groupState('g')).toBe('Stable');
    kit.clock.advance(1);
    expect(kit.coordinator.groupState('g')).toBe('PreparingRebalance');
    const a2 = await answered(kit.coordinator.joinGroup(joinReq({ clientId: 'a', memberId: a.memberId })));
    expect(a2.members.map((m) => m.memberId)).toEqual([a.memberId]);
  });

  it('waits out the initial rebalance delay, extended by newcomers and bounded by the rebalance timeout', async () => {
    const kit = makeKit({ initialRebalanceDelayMs: 3_000 });
    const ja = kit.coordinator.joinGroup(joinReq({ clientId: 'a', rebalanceTimeoutMs: 7_000 }));
    kit.clock.advance(1_000);
    const jb = kit.coordinator.joinGroup(joinReq({ clientId: 'b', rebalanceTimeoutMs: 7_000 }));
    kit.clock.advance(2_000); // t=3000: b arrived during the delay, so it is extended to t=6000
    expect(await settled(ja)).toBeUndefined();
    kit.clock.advance(2_000); // t=5000
    const jc = kit.coordinator.joinGroup(joinReq({ clientId: 'c', rebalanceTimeoutMs: 7_000 }));
    kit.clock.advance(1_000); // t=6000: extended again, but only by the 1 s left of the 7 s timeout
    expect(await settled(ja)).toBeUndefined();
    kit.clock.advance(999);
    expect(await settled(ja)).toBeUndefined();
    kit.clock.advance(1);
    const joined = [await answered(ja), await answered(jb), await answered(jc)];
    expect(joined.map((j) => j.generationId)).toEqual([1, 1, 1]);
    expect(joined[0]?.members).toHaveLength(3);
  });

  it('asks for a member id (MEMBER_ID_REQUIRED) and admits the rejoin that carries it', async () => {
    const kit = makeKit();
    const first = await answered(
      kit.coordinator.joinGroup(joinReq({ clientId: 'kafkajs', requireKnownMemberId: true })),
    );
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(first.memberId).toMatch(/^kafkajs-[0-9a-f-]{36}$/);
    expect(kit.coordinator.groupState('g')).toBe('Empty');
    const join = kit.coordinator.joinGroup(
      joinReq({ clientId: 'kafkajs', memberId: first.memberId, requireKnownMemberId: true }),
    );
    kit.clock.advance(0);
    expect(await answered(join)).toMatchObject({
      errorCode: 0,
      memberId: first.memberId,
      leader: first.memberId,
    });
  });

  it('forgets a pending member id that is never used', async () => {
    const kit = makeKit();
    const first = await answered(kit.coordinator.joinGroup(joinReq({ requireKnownMemberId: true })));
    expect(kit.coordinator.groupState('g')).toBe('Empty');
    kit.clock.advance(10_000);
    expect(kit.coordinator.groupState('g')).toBeUndefined();
    expect(kit.clock.pendingCount).toBe(0);
    const late = await answered(kit.coordinator.joinGroup(joinReq({ memberId: first.memberId })));
    expect(late.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('a pending member id holds the join phase until it rejoins', async () => {
    const kit = makeKit();
    const [a, b] = await twoMemberStableGroup(kit);
    const pending = await answered(
      kit.coordinator.joinGroup(joinReq({ clientId: 'c', requireKnownMemberId: true })),
    );
    expect(kit.coordinator.groupState('g')).toBe('Stable');
    const ra = kit.coordinator.joinGroup(joinReq({ clientId: 'a', memberId: a.memberId }));
    const rb = kit.coordinator.joinGroup(joinReq({ clientId: 'b', memberId: b.memberId }));
    expect(await settled(ra)).toBeUndefined();
    const rc = kit.coordinator.joinGroup(joinReq({ clientId: 'c', memberId: pending.memberId }));
    expect((await answered(ra)).members).toHaveLength(3);
    expect((await answered(rb)).generationId).toBe(2);
    expect((await answered(rc)).memberId).toBe(pending.memberId);
  });

  it('when the leader leaves, a remaining member becomes leader of the next generation', async () => {
    const kit = makeKit();
    const [a, b] = await twoMemberStableGroup(kit);
    const left = await kit.coordinator.leaveGroup({
      groupId: 'g',
      members: [{ memberId: a.memberId, groupInstanceId: null, reason: 'shutdown' }],
    });
    expect(left).toEqual({
      errorCode: 0,
      members: [{ memberId: a.memberId, groupInstanceId: null, errorCode: 0 }],
    });
    expect(kit.coordinator.groupState('g')).toBe('PreparingRebalance');
    const b2 = await answered(kit.coordinator.joinGroup(joinReq({ clientId: 'b', memberId: b.memberId })));
    expect(b2).toMatchObject({ generationId: 2, leader: b.memberId });
    expect(b2.members.map((m) => m.memberId)).toEqual([b.memberId]);
    // The last member leaving empties the group and closes the generation.
    await kit.coordinator.leaveGroup({
      groupId: 'g',
      members: [{ memberId: b.memberId, groupInstanceId: null, reason: null }],
    });
    expect(kit.coordinator.groupState('g')).toBe('Empty');
    expect((await kit.coordinator.describeGroups(['g'])).groups[0]).toMatchObject({
      groupState: 'Empty',
      members: [],
    });
  });

  it('a static member that restarts takes its old place without a rebalance', async () => {
    const kit = makeKit();
    const ja = kit.coordinator.joinGroup(joinReq({ clientId: 'a', groupInstanceId: 'pod-a' }));
    const jb = kit.coordinator.joinGroup(joinReq({ clientId: 'b' }));
    kit.clock.advance(0);
    const a = await answered(ja);
    const b = await answered(jb);
    expect(a.memberId).toMatch(/^pod-a-/);
    expect(a.members.find((m) => m.memberId === a.memberId)?.groupInstanceId).toBe('pod-a');
    await syncAll(kit, [a, b], { [a.memberId]: 'A', [b.memberId]: 'B' });

    const again = await answered(
      kit.coordinator.joinGroup(joinReq({ clientId: 'a', groupInstanceId: 'pod-a' })),
    );
    expect(again).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'range' });
    expect(again.memberId).not.toBe(a.memberId);
    expect(kit.coordinator.groupState('g')).toBe('Stable');
    const sync = await answered(
      kit.coordinator.syncGroup(syncReq({ memberId: again.memberId, groupInstanceId: 'pod-a' })),
    );
    expect(sync.assignment.toString()).toBe('A');
    expect((await kit.coordinator.heartbeat(hbReq({ memberId: b.memberId }))).errorCode).toBe(0);
    const fenced = await kit.coordinator.heartbeat(hbReq({ memberId: a.memberId, groupInstanceId: 'pod-a' }));
    expect(fenced.errorCode).toBe(GroupErrorCode.FENCED_INSTANCE_ID);
  });

  it('rejects bad joins: session timeout, protocol mismatch, unknown member, group size', async () => {
    const kit = makeKit();
    const tooShort = await answered(kit.coordinator.joinGroup(joinReq({ sessionTimeoutMs: 5_999 })));
    expect(tooShort.errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    const tooLong = await answered(kit.coordinator.joinGroup(joinReq({ sessionTimeoutMs: 1_800_001 })));
    expect(tooLong.errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    const unknown = await answered(kit.coordinator.joinGroup(joinReq({ memberId: 'nobody' })));
    expect(unknown.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(kit.coordinator.groupState('g')).toBeUndefined();

    const ja = kit.coordinator.joinGroup(joinReq({ clientId: 'a' }));
    kit.clock.advance(0);
    await answered(ja);
    const other = await answered(kit.coordinator.joinGroup(joinReq({ protocols: protocols('sticky') })));
    expect(other.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const otherType = await answered(kit.coordinator.joinGroup(joinReq({ protocolType: 'connect' })));
    expect(otherType.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(kit.coordinator.groupState('g')).toBe('CompletingRebalance');

    const small = makeKit({ maxGroupSize: 1 });
    const only = small.coordinator.joinGroup(joinReq({ clientId: 'a' }));
    small.clock.advance(0);
    expect((await answered(only)).errorCode).toBe(0);
    const full = await answered(small.coordinator.joinGroup(joinReq({ clientId: 'b' })));
    expect(full.errorCode).toBe(GroupErrorCode.GROUP_MAX_SIZE_REACHED);
    expect(small.coordinator.groupState('g')).toBe('CompletingRebalance');
  });

  it('sync errors: unknown member, stale generation, inconsistent protocol', async () => {
    const kit = makeKit();
    const [a] = await twoMemberStableGroup(kit);
    const sync = (overrides: Parameters<typeof syncReq>[0]) =>
      answered(kit.coordinator.syncGroup(syncReq(overrides)));
    expect((await sync({ memberId: 'nobody' })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await sync({ memberId: a.memberId, generationId: 7 })).errorCode).toBe(
      ErrorCode.ILLEGAL_GENERATION,
    );
    expect((await sync({ memberId: a.memberId, protocolName: 'roundrobin' })).errorCode).toBe(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );
    expect((await sync({ groupId: 'other', memberId: a.memberId })).errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
  });

  it('a rebalance during CompletingRebalance answers parked syncs with REBALANCE_IN_PROGRESS', async () => {
    const kit = makeKit();
    const ja = kit.coordinator.joinGroup(joinReq({ clientId: 'a' }));
    const jb = kit.coordinator.joinGroup(joinReq({ clientId: 'b' }));
    kit.clock.advance(0);
    await answered(ja);
    const b = await answered(jb);
    const parked = kit.coordinator.syncGroup(syncReq({ memberId: b.memberId }));
    expect(await settled(parked)).toBeUndefined();
    void kit.coordinator.joinGroup(joinReq({ clientId: 'c' }));
    expect((await answered(parked)).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(kit.coordinator.groupState('g')).toBe('PreparingRebalance');
  });
});
