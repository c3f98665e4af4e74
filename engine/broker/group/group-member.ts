/**
 * One member of a classic group: identity, timeouts, the protocols it supports, its current
 * assignment, and the parked JoinGroup / SyncGroup answers it is waiting for.
 *
 * Invariants: a member is "awaiting join" exactly while `joinWaiter` is set and "awaiting sync"
 * exactly while `syncWaiter` is set; completing a waiter clears it, so every parked request is
 * answered once. The session timer is owned here and replaced, never stacked.
 */
import type { Disposable } from '../../util/clock.js';
import type { JoinGroupProtocol, JoinGroupResponse, SyncGroupResponse } from './group-api.js';

export const EMPTY_BYTES: Buffer = Buffer.alloc(0);

export type JoinWaiter = (response: JoinGroupResponse) => void;
export type SyncWaiter = (response: SyncGroupResponse) => void;

export interface MemberInit {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: JoinGroupProtocol[];
}

export class GroupMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: JoinGroupProtocol[];
  assignment: Buffer = EMPTY_BYTES;
  /** Joined but never completed a join phase; such members can expire while parked. */
  isNew = false;
  private joinWaiter: JoinWaiter | undefined;
  private syncWaiter: SyncWaiter | undefined;
  private sessionTimer: Disposable | undefined;

  constructor(init: MemberInit) {
    this.memberId = init.memberId;
    this.groupInstanceId = init.groupInstanceId;
    this.clientId = init.clientId;
    this.clientHost = init.clientHost;
    this.sessionTimeoutMs = init.sessionTimeoutMs;
    this.rebalanceTimeoutMs = init.rebalanceTimeoutMs;
    this.protocolType = init.protocolType;
    this.protocols = init.protocols;
  }

  get isStatic(): boolean {
    return this.groupInstanceId !== null;
  }

  get isAwaitingJoin(): boolean {
    return this.joinWaiter !== undefined;
  }

  get isAwaitingSync(): boolean {
    return this.syncWaiter !== undefined;
  }

  /** A parked member needs no heartbeat, unless it is new (it cannot heartbeat without an id). */
  get hasSatisfiedHeartbeat(): boolean {
    if (this.isNew) return false;
    return this.isAwaitingJoin || this.isAwaitingSync;
  }

  /** Park a JoinGroup; a request it supersedes is told REBALANCE_IN_PROGRESS so it is not lost. */
  parkJoin(waiter: JoinWaiter, supersededCode: number): void {
    const previous = this.joinWaiter;
    this.joinWaiter = waiter;
    previous?.(failedJoin(this.memberId, supersededCode));
  }

  /** Answer the parked JoinGroup, if any. Returns whether one was waiting. */
  completeJoin(response: JoinGroupResponse): boolean {
    const waiter = this.joinWaiter;
    if (!waiter) return false;
    this.joinWaiter = undefined;
    waiter(response);
    return true;
  }

  parkSync(waiter: SyncWaiter, supersededCode: number): void {
    const previous = this.syncWaiter;
    this.syncWaiter = waiter;
    previous?.(failedSync(supersededCode));
  }

  /** Answer the parked SyncGroup, if any. Returns whether one was waiting. */
  completeSync(response: SyncGroupResponse): boolean {
    const waiter = this.syncWaiter;
    if (!waiter) return false;
    this.syncWaiter = undefined;
    waiter(response);
    return true;
  }

  /** Metadata this member sent for `protocolName` (empty if it does not support it). */
  metadataFor(protocolName: string): Buffer {
    return this.protocols.find((p) => p.name === protocolName)?.metadata ?? EMPTY_BYTES;
  }

  /** Whether `protocols` equals what the member already sent (names, order and bytes). */
  matches(protocols: JoinGroupProtocol[]): boolean {
    if (protocols.length !== this.protocols.length) return false;
    return protocols.every((p, i) => {
      const mine = this.protocols[i];
      return mine !== undefined && mine.name === p.name && mine.metadata.equals(p.metadata);
    });
  }

  /** The member's first preference among `candidates`. */
  vote(candidates: ReadonlySet<string>): string | undefined {
    return this.protocols.find((p) => candidates.has(p.name))?.name;
  }

  replaceSessionTimer(timer: Disposable | undefined): void {
    this.sessionTimer?.dispose();
    this.sessionTimer = timer;
  }
}

export function failedJoin(memberId: string, errorCode: number): JoinGroupResponse {
  return {
    errorCode,
    generationId: -1,
    protocolType: null,
    protocolName: null,
    leader: '',
    skipAssignment: false,
    memberId,
    members: [],
  };
}

export function failedSync(errorCode: number): SyncGroupResponse {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY_BYTES };
}
