/** buildConsumeParams: the topic browser's read form. */
import { describe, expect, it } from 'vitest';
import { buildConsumeParams, INITIAL_CONSUME_FORM } from './consume-form.js';

describe('buildConsumeParams', () => {
  it('reads from the beginning of all partitions by default', () => {
    expect(buildConsumeParams('orders', INITIAL_CONSUME_FORM)).toEqual({ ok: true, params: { topic: 'orders', from: { type: 'beginning' }, limit: 100 } });
  });

  it('reads the last N records from the end', () => {
    const built = buildConsumeParams('orders', { ...INITIAL_CONSUME_FORM, from: 'end', limit: '20', partition: '2' });
    expect(built).toEqual({ ok: true, params: { topic: 'orders', from: { type: 'end', back: 20 }, limit: 20, partition: 2 } });
  });

  it('reads from an offset', () => {
    const built = buildConsumeParams('t', { ...INITIAL_CONSUME_FORM, from: 'offset', offset: ' 42 ' });
    expect(built.ok && built.params.from).toEqual({ type: 'offset', offset: 42 });
  });

  it('reads from a local date and time', () => {
    const built = buildConsumeParams('t', { ...INITIAL_CONSUME_FORM, from: 'timestamp', timestamp: '2024-01-01T10:30' });
    expect(built.ok && built.params.from).toEqual({ type: 'timestamp', timestampMs: new Date('2024-01-01T10:30').getTime() });
  });

  it('names the wrong field', () => {
    expect(buildConsumeParams('t', { ...INITIAL_CONSUME_FORM, limit: '0' })).toEqual({ ok: false, error: 'Limit must be a whole number from 1 to 10000' });
    expect(buildConsumeParams('t', { ...INITIAL_CONSUME_FORM, from: 'offset', offset: '-1' })).toEqual({ ok: false, error: 'Offset must be a whole number (0 or more)' });
    expect(buildConsumeParams('t', { ...INITIAL_CONSUME_FORM, from: 'timestamp', timestamp: '' })).toEqual({ ok: false, error: 'Pick a date and time to read from' });
    expect(buildConsumeParams('t', { ...INITIAL_CONSUME_FORM, partition: 'x' })).toEqual({ ok: false, error: 'Partition must be "all" or a partition number' });
  });
});
