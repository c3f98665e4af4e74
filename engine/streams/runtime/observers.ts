/**
 * Record taps: every edge of a running topology can be watched (the studio's live view). A
 * listener observes what one processor node FORWARDS to its children — for a source node each
 * record it reads (with topic, partition and offset), for a sink each record it sends (with the
 * destination topic, and the partition when the sink chose one), for any other node each record it
 * forwards — in every task of the runtime, including tasks created after `observe()` (rebalances).
 *
 * Invariants: a node nobody observes has `tap === undefined`, so the hot path pays one field check
 * per forward; the record handed to a listener is the in-memory key/value (not bytes) and must be
 * treated as read-only; a listener that throws never breaks processing — its error is logged
 * through the runtime's logger (the first failure, then every 1000th, with a count) and dropped.
 */
import type { Disposable } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { StreamsError, errorMessage } from '../errors.js';
import type { Header } from '../processor/api.js';

/** One record a node forwarded (or, for a sink, sent), as a tap listener sees it. */
export interface ObservedRecord {
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp: number;
  readonly headers: readonly Header[];
  /** Source: the topic read; sink: the topic written. Absent for other nodes. */
  readonly topic?: string;
  /** Source: the partition read; sink: the partition chosen by a custom partitioner, if any. */
  readonly partition?: number;
  /** Source only: the offset of the record read. */
  readonly offset?: number;
}

export type RecordObserver = (record: ObservedRecord) => void;

/** Every node that can carry a tap: StreamTask implements it for its nodes. */
export interface TapTarget {
  /** Sets (or, with undefined, clears) the tap of the node named `node`, if the target has it. */
  setTap(node: string, tap: NodeTap | undefined): void;
}

/** How often a failing listener is logged after its first failure. */
const LOG_EVERY_FAILURES = 1000;

interface Subscription {
  readonly listener: RecordObserver;
  failures: number;
}

/** The listeners of one node name, shared by that node's runtime in every task. */
export class NodeTap {
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    readonly node: string,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.subscriptions.size;
  }

  add(subscription: Subscription): void {
    this.subscriptions.add(subscription);
  }

  delete(subscription: Subscription): void {
    this.subscriptions.delete(subscription);
  }

  emit(record: ObservedRecord): void {
    for (const subscription of this.subscriptions) {
      try {
        subscription.listener(record);
      } catch (error) {
        const failures = ++subscription.failures;
        if (failures === 1 || failures % LOG_EVERY_FAILURES === 0) {
          this.logger.error(`an observer of node ${this.node} threw (${failures} time(s) so far; the error is dropped, processing goes on): ${errorMessage(error)}`, error);
        }
      }
    }
  }
}

/** The taps of one runtime (or test driver) by node name, applied to every target it has. */
export class ObserverRegistry {
  private readonly taps = new Map<string, NodeTap>();

  /**
   * `hasNode`: whether the topology has a node of that name (observing another is an error);
   * `targets`: the tasks alive now (read at every observe and at the last dispose of a node).
   */
  constructor(
    private readonly hasNode: (name: string) => boolean,
    private readonly targets: () => Iterable<TapTarget>,
    private readonly logger: Logger,
  ) {}

  observe(node: string, listener: RecordObserver): Disposable {
    if (!this.hasNode(node)) throw new StreamsError('STREAMS_UNKNOWN_NODE', `Cannot observe node ${node}: the topology has no such node`, { node });
    let tap = this.taps.get(node);
    if (tap === undefined) {
      this.taps.set(node, (tap = new NodeTap(node, this.logger)));
      for (const target of this.targets()) target.setTap(node, tap);
    }
    const subscription: Subscription = { listener, failures: 0 };
    tap.add(subscription);
    const owner = tap;
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        owner.delete(subscription);
        if (owner.size > 0 || this.taps.get(node) !== owner) return;
        this.taps.delete(node);
        for (const target of this.targets()) target.setTap(node, undefined);
      },
    };
  }

  /** Applies the current taps to a new target (a task created after some observe() calls). */
  attach(target: TapTarget): void {
    for (const [node, tap] of this.taps) target.setTap(node, tap);
  }
}
