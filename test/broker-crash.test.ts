/**
 * Crash safety: a child produces with acks=all and reports each acknowledgement; it is killed
 * with SIGKILL at random moments several times. After every kill the broker is reopened on the
 * same directory (recovery runs) and every acknowledged record must be present, byte for byte,
 * and every batch served must be valid.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { Broker } from '../engine/broker/broker.js';
import { decodeRecords } from '../engine/broker/records/record-batch.js';
import { forEachBatch } from '../engine/broker/records/batch-validate.js';
import { hasValidCrc } from '../engine/broker/records/batch-header.js';

interface Ack {
  partition: number;
  baseOffset: number;
  count: number;
  firstSeq: number;
}

const dataDir = mkdtempSync(join(tmpdir(), 'sluice-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the producer child until it has acked `killAfter` batches, then SIGKILLs it. */
function runAndKill(startSeq: number, killAfter: number): Promise<Ack[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/crash-producer.ts', dataDir, String(startSeq)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acks: Ack[] = [];
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const [kind, partition, baseOffset, count, firstSeq] = line.split(' ');
      if (kind !== 'ack') return;
      acks.push({ partition: Number(partition), baseOffset: Number(baseOffset), count: Number(count), firstSeq: Number(firstSeq) });
      if (acks.length === killAfter) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acks);
      else reject(new Error(`producer exited with ${code ?? signal} before it was killed`));
    });
  });
}

async function verify(acks: readonly Ack[]): Promise<number> {
  const broker = await Broker.open({ dataDir });
  try {
    const byOffset = new Map<string, string>();
    for (const partition of [0, 1]) {
      const end = broker.listOffsets('crash', partition, -1).offset;
      let offset = 0;
      while (offset < end) {
        const [result] = await broker.fetch([{ topic: 'crash', partition, fetchOffset: offset, maxBytes: 1 << 20 }], { maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20 });
        expect(result!.errorCode).toBe(0);
        const chunk = result!.records;
        forEachBatch(chunk, (pos, size) => {
          expect(hasValidCrc(chunk, pos, size)).toBe(true);
          for (const record of decodeRecords(chunk, pos)) {
            byOffset.set(`${partition}:${record.offset}`, record.value!.toString());
            offset = record.offset + 1;
          }
        });
      }
    }
    let checked = 0;
    for (const ack of acks) {
      for (let i = 0; i < ack.count; i++) {
        expect(byOffset.get(`${ack.partition}:${ack.baseOffset + i}`)).toBe(`seq:${ack.firstSeq + i}`);
        checked++;
      }
    }
    return checked;
  } finally {
    await broker.close();
  }
}

describe('broker crash safety', () => {
  it('keeps every acks=all record across repeated SIGKILLs', async () => {
    const acked: Ack[] = [];
    let seq = 0;
    for (let round = 0; round < 5; round++) {
      const killAfter = 20 + Math.floor(Math.random() * 150);
      const acks = await runAndKill(seq, killAfter);
      expect(acks.length).toBeGreaterThanOrEqual(killAfter);
      acked.push(...acks);
      seq += 1_000_000;
      const checked = await verify(acked);
      expect(checked).toBe(acked.reduce((sum, ack) => sum + ack.count, 0));
    }
  }, 180_000);
});
