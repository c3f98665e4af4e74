/**
 * Helpers for the group coordinator's tests: request builders with sensible defaults, a kit with
 * a ManualClock and an in-memory store, an offset store whose deletes can be held open (to observe
 * the Dead state), and microtask flushing so tests can tell a parked request from an answered one
 * without sleeping.
 */
import { ManualClock } from '../../util/clock.js';
import { GroupCoordinator } from './coordinator.js';
import type {
  GroupCoordinatorConfig,
  HeartbeatRequest,
  JoinGroupProtocol,
  JoinGroupRequest,
  OffsetCommitRequest,
  SyncGroupRequest,
} from './group-api.js';
import { MemoryOffsetStore } from './offset-store.js';

export const GROUP = 'g';

export function protocols(...names: string[]): JoinGroupProtocol[] {
  return names.map((name) => ({ name, metadata: Buffer.from(`meta:${name}`) }));
}

export function joinReq(overrides: Partial<JoinGroupRequest> = {}): JoinGroupRequest {
  return {
    groupId: GROUP,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: protocols('range'),
    clientId: 'client',
    clientHost: '/127.0.0.1',
    reason: null,
    requireKnownMemberId: false,
    ...overrides,
  };
}

export function syncReq(overrides: Partial<SyncGroupRequest> = {}): SyncGroupRequest {
  return {
    groupId: GROUP,
    generationId: 1,
    memberId: '',
    groupInstanceId: null,
    protocolType: null,
    protocolName: null,
    assignments: [],
    ...overrides,
  };
}

export function hbReq(overrides: Partial<HeartbeatRequest> = {}): HeartbeatRequest {
  return { groupId: GROUP, generationId: 1, memberId: '', groupInstanceId: null, ...overrides };
}

export function commitReq(overrides: Partial<OffsetCommitRequest> = {}): OffsetCommitRequest {
  return {
    groupId: GROUP,
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    offsets: [{ topic: 'orders', partition: 0, offset: 5, leaderEpoch: -1, metadata: null }],
    ...overrides,
  };
}

/** A store whose `deleteGroup` can be held until `releaseDeletes()`. */
export class GatedOffsetStore extends MemoryOffsetStore {
  holdDeletes = false;
  private readonly held: Array<() => void> = [];

  override deleteGroup(groupId: string): Promise<void> {
    if (!this.holdDeletes) return super.deleteGroup(groupId);
    return new Promise((resolve) => {
      this.held.push(() => {
        void super.deleteGroup(groupId).then(resolve);
      });
    });
  }

  releaseDeletes(): void {
    for (const release of this.held.splice(0)) release();
  }
}

export interface Kit {
  clock: ManualClock;
  store: GatedOffsetStore;
  coordinator: GroupCoordinator;
}

export function makeKit(config: Partial<GroupCoordinatorConfig> = {}, store = new GatedOffsetStore()): Kit {
  const clock = new ManualClock(1_000_000);
  const coordinator = new GroupCoordinator({
    clock,
    offsets: store,
    config: { initialRebalanceDelayMs: 0, ...config },
  });
  return { clock, store, coordinator };
}

/** Let every already-resolved promise chain run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

const PARKED = Symbol('parked');

/** The value of `promise` if it has settled by now, else undefined (it is still parked). */
export async function settled<T>(promise: Promise<T>): Promise<T | undefined> {
  await flush();
  const value = await Promise.race([promise, Promise.resolve(PARKED)]);
  return value === PARKED ? undefined : (value as T);
}

/** Like `settled`, but fails the test if the promise is still parked. */
export async function answered<T>(promise: Promise<T>): Promise<T> {
  const value = await settled(promise);
  if (value === undefined) throw new Error('expected an answer, but the request is still parked');
  return value;
}
