/**
 * One classic group's bookkeeping: members (in join order), static-member index, members pending a
 * MEMBER_ID_REQUIRED rejoin, generation, protocol type and selected protocol, leader, members still
 * owing a SyncGroup, and the group-level timers. It never decides *when* to rebalance: the
 * rebalancer does, and every state change goes through `transition`, i.e. the transition table.
 *
 * Invariants: a leader exists iff there are members, and it is one of them; `staticMembers` maps
 * each instance id to a current member; the protocol type is fixed by the first member of a
 * generation and every member shares it.
 */
import type { Disposable } from '../../util/clock.js';
import { ErrorCode } from '../errors.js';
import type { JoinGroupResponseMember } from './group-api.js';
import type { GroupMember } from './group-member.js';
import { GroupErrorCode, nextState, type GroupEvent, type GroupState } from './group-state.js';

export class ClassicGroup {
  readonly groupId: string;
  private currentState: GroupState = 'Empty';
  private lastState: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** Set when a member joins during the initial rebalance, to extend its delay. */
  newMemberAdded = false;
  readonly members = new Map<string, GroupMember>();
  /** Members that were given an id with MEMBER_ID_REQUIRED and have not rejoined yet. */
  private readonly pending = new Map<string, Disposable>();
  private readonly staticMembers = new Map<string, string>();
  /** Members of the current generation that have not sent SyncGroup yet. */
  readonly pendingSync = new Set<string>();
  private joinTimer: Disposable | undefined;
  private syncTimer: Disposable | undefined;

  constructor(groupId: string) {
    this.groupId = groupId;
  }

  get state(): GroupState {
    return this.currentState;
  }

  get previousState(): GroupState {
    return this.lastState;
  }

  /** Apply a lifecycle event through the transition table (throws on an illegal one). */
  transition(event: GroupEvent): void {
    const next = nextState(this.currentState, event);
    this.lastState = this.currentState;
    this.currentState = next;
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  add(member: GroupMember): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    if (this.leaderId === null) this.leaderId = member.memberId;
    this.removePending(member.memberId);
  }

  /** Drop a member and its session timer; re-elect the leader if needed. Waiters are the caller's. */
  remove(memberId: string): GroupMember | undefined {
    const member = this.members.get(memberId);
    if (!member) return undefined;
    member.replaceSessionTimer(undefined);
    this.members.delete(memberId);
    this.pendingSync.delete(memberId);
    if (member.groupInstanceId !== null && this.staticMembers.get(member.groupInstanceId) === memberId) {
      this.staticMembers.delete(member.groupInstanceId);
    }
    if (this.isLeader(memberId)) this.leaderId = this.members.keys().next().value ?? null;
    return member;
  }

  /** Put `replacement` where the static member `oldMemberId` was (same instance id, keeps leadership). */
  replaceStatic(oldMemberId: string, replacement: GroupMember): void {
    const wasLeader = this.isLeader(oldMemberId);
    this.remove(oldMemberId);
    this.members.set(replacement.memberId, replacement);
    if (replacement.groupInstanceId !== null) {
      this.staticMembers.set(replacement.groupInstanceId, replacement.memberId);
    }
    if (wasLeader || this.leaderId === null) this.leaderId = replacement.memberId;
  }

  staticMemberId(groupInstanceId: string): string | undefined {
    return this.staticMembers.get(groupInstanceId);
  }

  addPending(memberId: string, expiry: Disposable): void {
    this.pending.get(memberId)?.dispose();
    this.pending.set(memberId, expiry);
  }

  isPending(memberId: string): boolean {
    return this.pending.has(memberId);
  }

  removePending(memberId: string): boolean {
    const timer = this.pending.get(memberId);
    if (!timer) return false;
    timer.dispose();
    this.pending.delete(memberId);
    return true;
  }

  /** Every member has a parked JoinGroup and nobody owes a MEMBER_ID_REQUIRED rejoin. */
  hasAllMembersJoined(): boolean {
    if (this.pending.size > 0) return false;
    for (const member of this.members.values()) if (!member.isAwaitingJoin) return false;
    return true;
  }

  /** The group's rebalance timeout: the largest of its members'. */
  get rebalanceTimeoutMs(): number {
    let max = 0;
    for (const member of this.members.values()) max = Math.max(max, member.rebalanceTimeoutMs);
    return max;
  }

  /**
   * Whether a member with this protocol type and protocol names can join: an Empty group takes any
   * non-empty pair; otherwise the type must match and one name must be supported by every other member.
   */
  supportsProtocols(protocolType: string, names: readonly string[], memberId: string): boolean {
    if (this.state === 'Empty' || this.members.size === 0) return protocolType !== '' && names.length > 0;
    if (protocolType !== this.protocolType) return false;
    const others = [...this.members.values()].filter((m) => m.memberId !== memberId);
    return names.some((name) => others.every((m) => m.protocols.some((p) => p.name === name)));
  }

  /** Protocols every member supports, each member votes its first preference, most votes wins. */
  selectProtocol(): string | null {
    const all = [...this.members.values()];
    const first = all[0];
    if (!first) return null;
    const candidates = new Set(
      first.protocols
        .map((p) => p.name)
        .filter((name) => all.every((m) => m.protocols.some((p) => p.name === name))),
    );
    const votes = new Map<string, number>();
    for (const member of all) {
      const choice = member.vote(candidates);
      if (choice !== undefined) votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best: string | null = null;
    let bestVotes = 0;
    for (const [name, count] of votes) {
      if (count > bestVotes) {
        best = name;
        bestVotes = count;
      }
    }
    return best;
  }

  /** Kafka's `validateMember`: NONE, UNKNOWN_MEMBER_ID or FENCED_INSTANCE_ID. */
  validateMember(memberId: string, groupInstanceId: string | null): number {
    if (groupInstanceId !== null) {
      const existing = this.staticMembers.get(groupInstanceId);
      if (existing === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (existing !== memberId) return GroupErrorCode.FENCED_INSTANCE_ID;
    }
    return this.members.has(memberId) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  /** Keep the leader if it rejoined, else pick a member that did; false if nobody rejoined. */
  electJoinedLeader(): boolean {
    const leader = this.leaderId === null ? undefined : this.members.get(this.leaderId);
    if (leader?.isAwaitingJoin) return true;
    for (const member of this.members.values()) {
      if (member.isAwaitingJoin) {
        this.leaderId = member.memberId;
        return true;
      }
    }
    return false;
  }

  /** What the leader gets in its JoinGroup response: every member with its selected-protocol metadata. */
  membersForLeader(): JoinGroupResponseMember[] {
    const protocol = this.protocolName ?? '';
    return [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadataFor(protocol),
    }));
  }

  setJoinTimer(timer: Disposable | undefined): void {
    this.joinTimer?.dispose();
    this.joinTimer = timer;
  }

  setSyncTimer(timer: Disposable | undefined): void {
    this.syncTimer?.dispose();
    this.syncTimer = timer;
  }

  /** Cancel every timer the group and its members hold. */
  disposeTimers(): void {
    this.setJoinTimer(undefined);
    this.setSyncTimer(undefined);
    for (const timer of this.pending.values()) timer.dispose();
    this.pending.clear();
    for (const member of this.members.values()) member.replaceSessionTimer(undefined);
  }

  /** Nothing worth keeping in memory: no members, no pending members, never had a generation. */
  get isUnused(): boolean {
    return (
      this.state === 'Empty' && this.members.size === 0 && this.pending.size === 0 && this.generationId === 0
    );
  }
}
