/**
 * What the request handlers share: the clock, the offset store, resolved configuration, the
 * rebalance engine and the group registry. The coordinator implements it; handlers receive it so
 * each API lives in its own small module.
 */
import type { Clock } from '../../util/clock.js';
import type { GroupCoordinatorConfig } from './group-api.js';
import type { ClassicGroup } from './group.js';
import type { OffsetStore } from './offset-store.js';
import type { Rebalancer } from './rebalancer.js';

export type ResolvedGroupConfig = Required<Omit<GroupCoordinatorConfig, 'maxGroupSize'>> & {
  maxGroupSize: number | undefined;
};

export interface CoordinatorContext {
  readonly clock: Clock;
  readonly offsets: OffsetStore;
  readonly config: ResolvedGroupConfig;
  readonly rebalancer: Rebalancer;
  /** True once `close()` ran: every request is answered COORDINATOR_NOT_AVAILABLE. */
  readonly closed: boolean;
  /** The group, materialising an Empty one for an id that only has committed offsets. */
  lookup(groupId: string): ClassicGroup | undefined;
  /** Register a new, Empty group. */
  create(groupId: string): ClassicGroup;
  /** Forget a registered group that holds nothing (e.g. one a failed JoinGroup created). */
  dropIfUnused(group: ClassicGroup): void;
}
