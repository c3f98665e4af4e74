import { describe, expect, it } from 'vitest';
import { RateSampler } from './rate-sampler.js';
import type { StreamTask } from './stream-task.js';

function fakeTask(nodes: Array<{ node: string; recordsIn: number; recordsOut: number }>): StreamTask {
  return { metrics: () => ({ nodes }) } as unknown as StreamTask;
}

describe('RateSampler', () => {
  it('derives per-node rates from counter growth between samples, summed over tasks', () => {
    const sampler = new RateSampler(1000);
    sampler.sample(0, [fakeTask([{ node: 'filter', recordsIn: 10, recordsOut: 5 }]), fakeTask([{ node: 'filter', recordsIn: 0, recordsOut: 0 }])]);
    expect(sampler.current()).toEqual([]);
    sampler.sample(500, [fakeTask([{ node: 'filter', recordsIn: 999, recordsOut: 999 }])]);
    expect(sampler.current()).toEqual([]); // too soon: still no second sample
    sampler.sample(2000, [fakeTask([{ node: 'filter', recordsIn: 110, recordsOut: 25 }]), fakeTask([{ node: 'filter', recordsIn: 100, recordsOut: 0 }])]);
    expect(sampler.current()).toEqual([{ node: 'filter', recordsInPerSec: 100, recordsOutPerSec: 10 }]);
  });

  it('never reports a negative rate when a task moves away', () => {
    const sampler = new RateSampler(1000);
    sampler.sample(0, [fakeTask([{ node: 'n', recordsIn: 50, recordsOut: 50 }])]);
    sampler.sample(1000, []);
    expect(sampler.current()).toEqual([]);
    sampler.sample(2000, [fakeTask([{ node: 'n', recordsIn: 10, recordsOut: 10 }])]);
    expect(sampler.current()).toEqual([{ node: 'n', recordsInPerSec: 10, recordsOutPerSec: 10 }]);
  });
});
