/**
 * Broker core benchmark (issue 2). Over 1,000,000 records of 100-byte values with 8-byte keys in
 * batches of 1,000, on a real data directory:
 *   - in-process produce with acks=1, beside the same bytes appended raw with fs.writeSync in
 *     1 MiB chunks (the baseline, measured in the same run) and the ratio;
 *   - acks=all with 4 concurrent producers (group commit shares the fsyncs);
 *   - in-process fetch of every record from offset 0, decoding each record.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Broker } from '../engine/broker/broker.js';
import { encodeBatch, forEachRecord } from '../engine/broker/records/record-batch.js';
import { forEachBatch } from '../engine/broker/records/batch-validate.js';
import { fmt, line, timed, verdict, withTempDir } from './bench-util.js';

const RECORDS = 1_000_000;
const BATCH = 1_000;
const BATCHES = RECORDS / BATCH;

function makeBatches(): Buffer[] {
  const value = Buffer.alloc(100, 'x');
  const batches: Buffer[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const records = Array.from({ length: BATCH }, (_, i) => {
      const key = Buffer.alloc(8);
      key.writeBigUInt64BE(BigInt(b * BATCH + i));
      return { key, value, timestamp: 1_700_000_000_000 + b };
    });
    batches.push(encodeBatch({ records }));
  }
  return batches;
}

function rawAppend(dir: string, batches: readonly Buffer[]): void {
  const all = Buffer.concat(batches);
  const fd = openSync(join(dir, 'raw.bin'), 'w');
  const chunk = 1024 * 1024;
  for (let pos = 0; pos < all.length; pos += chunk) writeSync(fd, all, pos, Math.min(chunk, all.length - pos));
  closeSync(fd);
}

async function main(): Promise<void> {
  const encode = await timed(makeBatches);
  const batches = encode.value;
  const bytes = batches.reduce((sum, b) => sum + b.length, 0);
  console.log(`${fmt(RECORDS)} records, ${fmt(BATCHES)} batches, ${fmt(bytes / 1e6, 1)} MB on disk`);
  console.log(line('client-side batch encoding (not in produce)', RECORDS, bytes, encode.ms));

  await withTempDir('sluice-bench-', async (dir) => {
    const raw = await timed(() => rawAppend(dir, batches));
    const broker = await Broker.open({ dataDir: join(dir, 'data') });
    await broker.createTopic('bench', { partitions: 1 });
    await broker.createTopic('bench-all', { partitions: 1 });
    const produce = await timed(async () => {
      for (const batch of batches) await broker.produce('bench', 0, batch, { acks: 1 });
    });
    const acksAll = await timed(async () => {
      let next = 0;
      const producer = async () => {
        while (next < batches.length) await broker.produce('bench-all', 0, batches[next++]!, { acks: -1 });
      };
      await Promise.all([producer(), producer(), producer(), producer()]);
    });
    const fetch = await timed(async () => {
      let offset = 0;
      let count = 0;
      while (offset < RECORDS) {
        const [result] = await broker.fetch([{ topic: 'bench', partition: 0, fetchOffset: offset, maxBytes: 4 << 20 }], { maxWaitMs: 0, minBytes: 1, maxBytes: 4 << 20 });
        const chunk = result!.records;
        forEachBatch(chunk, (pos) =>
          forEachRecord(chunk, pos, (record) => {
            if (record.offset >= offset) {
              count++;
              offset = record.offset + 1;
            }
          }),
        );
      }
      return count;
    });
    await broker.close();

    console.log(line('baseline: raw fs.writeSync, 1 MiB chunks', RECORDS, bytes, raw.ms));
    console.log(line('produce acks=1 (1 producer)', RECORDS, bytes, produce.ms));
    console.log(line('produce acks=all (4 concurrent producers)', RECORDS, bytes, acksAll.ms));
    console.log(line(`fetch from offset 0 (${fmt(fetch.value)} records decoded)`, fetch.value, bytes, fetch.ms));
    const produceRate = RECORDS / (produce.ms / 1000);
    const ratio = raw.ms / produce.ms;
    const fetchRate = fetch.value / (fetch.ms / 1000);
    console.log(verdict('produce >= 1,000,000 rec/s', produceRate >= 1e6, `${fmt(produceRate)} rec/s`));
    console.log(verdict('produce >= 50 % of raw append', ratio >= 0.5, `${fmt(ratio * 100, 1)} % of baseline`));
    console.log(verdict('fetch >= 2,000,000 rec/s', fetchRate >= 2e6, `${fmt(fetchRate)} rec/s`));
  });
}

await main();
