/**
 * Turns the tasks' ever-growing node counters into rates: at most once per `intervalMs` it sums
 * records in and out per processor node over all tasks and divides the growth since the previous
 * sample by the time between them. Tasks that move away take their counters with them, so a
 * negative growth (a revoked task) counts as zero rather than as a negative rate.
 */
import type { NodeRate } from './streams-runtime.js';
import type { StreamTask } from './stream-task.js';

interface Totals {
  atMs: number;
  nodes: Map<string, { in: number; out: number }>;
}

export class RateSampler {
  private previous: Totals | undefined;
  private latest: NodeRate[] = [];

  constructor(private readonly intervalMs = 1000) {}

  sample(nowMs: number, tasks: Iterable<StreamTask>): void {
    if (this.previous && nowMs - this.previous.atMs < this.intervalMs) return;
    const totals: Totals = { atMs: nowMs, nodes: new Map() };
    for (const task of tasks) {
      for (const node of task.metrics().nodes) {
        const sum = totals.nodes.get(node.node) ?? { in: 0, out: 0 };
        sum.in += node.recordsIn;
        sum.out += node.recordsOut;
        totals.nodes.set(node.node, sum);
      }
    }
    const before = this.previous;
    if (before) {
      const seconds = Math.max(0.001, (nowMs - before.atMs) / 1000);
      this.latest = [...totals.nodes].map(([node, now]) => {
        const then = before.nodes.get(node) ?? { in: 0, out: 0 };
        return { node, recordsInPerSec: Math.max(0, now.in - then.in) / seconds, recordsOutPerSec: Math.max(0, now.out - then.out) / seconds };
      });
    }
    this.previous = totals;
  }

  current(): NodeRate[] {
    return this.latest.map((rate) => ({ ...rate }));
  }
}
