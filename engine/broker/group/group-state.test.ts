import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import {
  GROUP_STATES,
  GROUP_TRANSITIONS,
  REQUEST_RULES,
  canTransition,
  nextState,
  type GroupEvent,
  type GroupState,
} from './group-state.js';
import { answered, commitReq, hbReq, joinReq, makeKit, settled, syncReq, type Kit } from './test-kit.js';

const { NONE, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION, COORDINATOR_NOT_AVAILABLE } =
  ErrorCode;

/** A group with members A (leader) and B in the wanted state; offset 5 committed for orders-0. */
interface Fixture {
  kit: Kit;
  a: string;
  b: string;
  generation: number;
}

async function completing(kit: Kit): Promise<Fixture> {
  await kit.coordinator.commitOffsets(commitReq());
  const ja = kit.coordinator.joinGroup(joinReq({ clientId: 'a' }));
  const jb = kit.coordinator.joinGroup(joinReq({ clientId: 'b' }));
  kit.clock.advance(0);
  const ra = await answered(ja);
  const rb = await answered(jb);
  expect(ra.leader).toBe(ra.memberId);
  return { kit, a: ra.memberId, b: rb.memberId, generation: ra.generationId };
}

async function stable(kit: Kit): Promise<Fixture> {
  const fx = await completing(kit);
  const assignments = [
    { memberId: fx.a, assignment: Buffer.from('A') },
    { memberId: fx.b, assignment: Buffer.from('B') },
  ];
  const sa = kit.coordinator.syncGroup(syncReq({ memberId: fx.a, generationId: fx.generation, assignments }));
  const sb = kit.coordinator.syncGroup(syncReq({ memberId: fx.b, generationId: fx.generation }));
  expect((await answered(sa)).errorCode).toBe(NONE);
  expect((await answered(sb)).errorCode).toBe(NONE);
  return fx;
}

async function preparing(kit: Kit): Promise<Fixture> {
  const fx = await stable(kit);
  void kit.coordinator.joinGroup(joinReq({ clientId: 'c' }));
  return fx;
}

async function empty(kit: Kit): Promise<Fixture> {
  const fx = await stable(kit);
  for (const memberId of [fx.a, fx.b]) {
    await kit.coordinator.leaveGroup({
      groupId: 'g',
      members: [{ memberId, groupInstanceId: null, reason: null }],
    });
  }
  return { ...fx, generation: fx.generation + 1 };
}

async function dead(kit: Kit): Promise<Fixture> {
  const fx = await empty(kit);
  kit.store.holdDeletes = true;
  void kit.coordinator.deleteGroups(['g']);
  return fx;
}

const FIXTURES: Record<GroupState, (kit: Kit) => Promise<Fixture>> = {
  Empty: empty,
  PreparingRebalance: preparing,
  CompletingRebalance: completing,
  Stable: stable,
  Dead: dead,
};

type Outcome = { code: number | 'parked'; offset?: number };

async function outcome<T>(promise: Promise<T>, code: (value: T) => number): Promise<Outcome> {
  const value = await settled(promise);
  return { code: value === undefined ? 'parked' : code(value) };
}

const REQUESTS: Record<string, (fx: Fixture) => Promise<Outcome>> = {
  'JoinGroup new member': ({ kit }) =>
    outcome(kit.coordinator.joinGroup(joinReq({ clientId: 'n' })), (r) => r.errorCode),
  'JoinGroup leader A, same metadata': ({ kit, a }) =>
    outcome(kit.coordinator.joinGroup(joinReq({ clientId: 'a', memberId: a })), (r) => r.errorCode),
  'SyncGroup follower B': ({ kit, b, generation }) =>
    outcome(
      kit.coordinator.syncGroup(syncReq({ memberId: b, generationId: generation })),
      (r) => r.errorCode,
    ),
  'Heartbeat B': ({ kit, b, generation }) =>
    outcome(kit.coordinator.heartbeat(hbReq({ memberId: b, generationId: generation })), (r) => r.errorCode),
  'Heartbeat B, stale generation': ({ kit, b, generation }) =>
    outcome(
      kit.coordinator.heartbeat(hbReq({ memberId: b, generationId: generation - 1 })),
      (r) => r.errorCode,
    ),
  'LeaveGroup B': ({ kit, b }) =>
    outcome(
      kit.coordinator.leaveGroup({
        groupId: 'g',
        members: [{ memberId: b, groupInstanceId: null, reason: null }],
      }),
      (r) => r.errorCode || (r.members[0]?.errorCode ?? -999),
    ),
  'OffsetCommit A, its generation': ({ kit, a, generation }) =>
    outcome(
      kit.coordinator.commitOffsets(commitReq({ memberId: a, generationId: generation })),
      (r) => r.offsets[0]?.errorCode ?? -999,
    ),
  'OffsetCommit simple (generation -1)': ({ kit }) =>
    outcome(kit.coordinator.commitOffsets(commitReq()), (r) => r.offsets[0]?.errorCode ?? -999),
  'OffsetFetch orders-0': async ({ kit }) => {
    const r = await kit.coordinator.fetchOffsets({
      groupId: 'g',
      partitions: [{ topic: 'orders', partition: 0 }],
    });
    return { code: r.offsets[0]?.errorCode ?? -999, offset: r.offsets[0]?.offset ?? -999 };
  },
};

type Expect = [code: number | 'parked', state: GroupState, offset?: number];
const P = 'parked' as const;

/** Expected answer and resulting state, per request (rows) and starting state (columns). */
const EXPECTED: Record<keyof typeof REQUESTS, Record<GroupState, Expect>> = {
  'JoinGroup new member': {
    Empty: [P, 'PreparingRebalance'],
    PreparingRebalance: [P, 'PreparingRebalance'],
    CompletingRebalance: [P, 'PreparingRebalance'],
    Stable: [P, 'PreparingRebalance'],
    Dead: [COORDINATOR_NOT_AVAILABLE, 'Dead'],
  },
  'JoinGroup leader A, same metadata': {
    Empty: [UNKNOWN_MEMBER_ID, 'Empty'],
    PreparingRebalance: [P, 'PreparingRebalance'],
    CompletingRebalance: [NONE, 'CompletingRebalance'],
    Stable: [P, 'PreparingRebalance'],
    Dead: [COORDINATOR_NOT_AVAILABLE, 'Dead'],
  },
  'SyncGroup follower B': {
    Empty: [UNKNOWN_MEMBER_ID, 'Empty'],
    PreparingRebalance: [REBALANCE_IN_PROGRESS, 'PreparingRebalance'],
    CompletingRebalance: [P, 'CompletingRebalance'],
    Stable: [NONE, 'Stable'],
    Dead: [COORDINATOR_NOT_AVAILABLE, 'Dead'],
  },
  'Heartbeat B': {
    Empty: [UNKNOWN_MEMBER_ID, 'Empty'],
    PreparingRebalance: [REBALANCE_IN_PROGRESS, 'PreparingRebalance'],
    CompletingRebalance: [NONE, 'CompletingRebalance'],
    Stable: [NONE, 'Stable'],
    Dead: [COORDINATOR_NOT_AVAILABLE, 'Dead'],
  },
  'Heartbeat B, stale generation': {
    Empty: [UNKNOWN_MEMBER_ID, 'Empty'],
    PreparingRebalance: [ILLEGAL_GENERATION, 'PreparingRebalance'],
    CompletingRebalance: [ILLEGAL_GENERATION, 'CompletingRebalance'],
    Stable: [ILLEGAL_GENERATION, 'Stable'],
    Dead: [COORDINATOR_NOT_AVAILABLE, 'Dead'],
  },
  'LeaveGroup B': {
    Empty: [UNKNOWN_MEMBER_ID, 'Empty'],
    PreparingRebalance: [NONE, 'PreparingRebalance'],
    CompletingRebalance: [NONE, 'PreparingRebalance'],
    Stable: [NONE, 'PreparingRebalance'],
    Dead: [COORDINATOR_NOT_AVAILABLE, 'Dead'],
  },
  'OffsetCommit A, its generation': {
    Empty: [UNKNOWN_MEMBER_ID, 'Empty'],
    PreparingRebalance: [NONE, 'PreparingRebalance'],
    CompletingRebalance: [REBALANCE_IN_PROGRESS, 'CompletingRebalance'],
    Stable: [NONE, 'Stable'],
    Dead: [COORDINATOR_NOT_AVAILABLE, 'Dead'],
  },
  'OffsetCommit simple (generation -1)': {
    Empty: [NONE, 'Empty'],
    PreparingRebalance: [UNKNOWN_MEMBER_ID, 'PreparingRebalance'],
    CompletingRebalance: [UNKNOWN_MEMBER_ID, 'CompletingRebalance'],
    Stable: [UNKNOWN_MEMBER_ID, 'Stable'],
    Dead: [COORDINATOR_NOT_AVAILABLE, 'Dead'],
  },
  'OffsetFetch orders-0': {
    Empty: [NONE, 'Empty', 5],
    PreparingRebalance: [NONE, 'PreparingRebalance', 5],
    CompletingRebalance: [NONE, 'CompletingRebalance', 5],
    Stable: [NONE, 'Stable', 5],
    Dead: [NONE, 'Dead', -1],
  },
};

const CASES = Object.entries(EXPECTED).flatMap(([request, byState]) =>
  GROUP_STATES.map((state) => ({ request, state, expected: byState[state] })),
);

describe('group state × request', () => {
  it.each(CASES)('$request in $state', async ({ request, state, expected }) => {
    const kit = makeKit();
    const fx = await FIXTURES[state](kit);
    expect(kit.coordinator.groupState('g')).toBe(state);
    const run = REQUESTS[request];
    if (!run) throw new Error(`no request ${request}`);
    const result = await run(fx);
    const [code, nextGroupState, offset] = expected;
    expect(result.code).toBe(code);
    expect(kit.coordinator.groupState('g')).toBe(nextGroupState);
    if (offset !== undefined) expect(result.offset).toBe(offset);
    kit.coordinator.close();
  });
});

describe('transition table', () => {
  const events: GroupEvent[] = [
    'Rebalance',
    'JoinCompleted',
    'JoinCompletedEmpty',
    'AssignmentSynced',
    'Deleted',
    'Unloaded',
  ];

  it('throws on every pair the table does not list', () => {
    for (const state of GROUP_STATES) {
      for (const event of events) {
        const listed = GROUP_TRANSITIONS[state][event];
        if (listed === undefined) {
          expect(canTransition(state, event)).toBe(false);
          expect(() => nextState(state, event)).toThrow(/illegal group transition/);
        } else {
          expect(nextState(state, event)).toBe(listed);
        }
      }
    }
  });

  it('follows Kafka’s valid previous states', () => {
    const into = (target: GroupState): GroupState[] =>
      GROUP_STATES.filter((from) => events.some((e) => GROUP_TRANSITIONS[from][e] === target));
    expect(into('PreparingRebalance').sort()).toEqual(['CompletingRebalance', 'Empty', 'Stable']);
    expect(into('CompletingRebalance')).toEqual(['PreparingRebalance']);
    expect(into('Stable')).toEqual(['CompletingRebalance']);
    expect(into('Empty')).toEqual(['PreparingRebalance']);
    expect(into('Dead')).toEqual([...GROUP_STATES]);
  });

  it('has a rule for every state and request', () => {
    for (const state of GROUP_STATES) {
      expect(Object.keys(REQUEST_RULES[state]).sort()).toEqual([
        'Heartbeat',
        'JoinGroup',
        'LeaveGroup',
        'OffsetCommit',
        'OffsetFetch',
        'SyncGroup',
      ]);
    }
  });
});
