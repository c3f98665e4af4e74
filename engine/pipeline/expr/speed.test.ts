import { describe, expect, it } from 'vitest';
import { evaluateToBoolean } from './index.js';
import { compiled, scope } from './test-helpers.js';

describe('evaluation speed', () => {
  it('a typical filter evaluates well under a microsecond per record', () => {
    const expr = compiled('value.amount > 100 && value.country == "NL"');
    const records = Array.from({ length: 1000 }, (_, i) => scope({ amount: i, country: i % 2 === 0 ? 'NL' : 'BE', id: `o-${i}` }));
    let best = Infinity;
    let matched = 0;
    for (let round = 0; round < 5; round++) {
      const start = process.hrtime.bigint();
      for (let j = 0; j < 200; j++) for (const r of records) if (evaluateToBoolean(expr, r)) matched++;
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 200_000);
    }
    expect(matched).toBe(5 * 200 * 449);
    console.log(`expression filter: ${best.toFixed(1)} ns per record`);
    // Typically ~0.1 µs; the bound leaves room for slow CI machines and coverage instrumentation.
    expect(best).toBeLessThan(1000);
  });
});
