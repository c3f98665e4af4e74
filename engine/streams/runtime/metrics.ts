/**
 * Per-node and per-task counters. Counters only grow; a reader derives rates from two readings
 * over time. Latency is wall time spent inside a node's process() including its descendants
 * (as Kafka's process-latency), in nanoseconds, sampled: one record in 64 per node is timed, the
 * max is the largest sample and the total is the sampled mean × recordsIn (never below the max).
 */
export interface NodeMetrics {
  readonly node: string;
  recordsIn: number;
  recordsOut: number;
  /**
   * Records a node skipped (null keys, expired windows, …; includes lateRecords), and records that
   * failed in it and were skipped by the 'continue' error policy (also counted in errors).
   */
  droppedRecords: number;
  /** Records dropped because their window had closed (stream time − grace). */
  lateRecords: number;
  errors: number;
  /** Estimated from the timed samples (see above). */
  processLatencyTotalNs: number;
  processLatencyMaxNs: number;
}

export interface TaskMetrics {
  readonly taskId: string;
  readonly streamTimeMs: number;
  readonly recordsProcessed: number;
  readonly droppedRecords: number;
  readonly lateRecords: number;
  readonly errors: number;
  readonly nodes: NodeMetrics[];
}

export function emptyNodeMetrics(node: string): NodeMetrics {
  return { node, recordsIn: 0, recordsOut: 0, droppedRecords: 0, lateRecords: 0, errors: 0, processLatencyTotalNs: 0, processLatencyMaxNs: 0 };
}

/** One processor node's counters summed over tasks (a runtime's per-node view). */
export type NodeTotals = Omit<NodeMetrics, 'processLatencyTotalNs' | 'processLatencyMaxNs'>;

/** Adds `nodes`' counters into `totals` (by node name, first-seen order kept). */
export function addNodeTotals(totals: Map<string, NodeTotals>, nodes: Iterable<NodeMetrics | NodeTotals>): Map<string, NodeTotals> {
  for (const m of nodes) {
    let sum = totals.get(m.node);
    if (sum === undefined) totals.set(m.node, (sum = { node: m.node, recordsIn: 0, recordsOut: 0, droppedRecords: 0, lateRecords: 0, errors: 0 }));
    sum.recordsIn += m.recordsIn;
    sum.recordsOut += m.recordsOut;
    sum.droppedRecords += m.droppedRecords;
    sum.lateRecords += m.lateRecords;
    sum.errors += m.errors;
  }
  return totals;
}
