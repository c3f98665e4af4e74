/**
 * What the broker checks before a producer's batches reach the log, per topic configs:
 * every batch is a valid RecordBatch v2 (CRC, offset deltas), no batch exceeds max.message.bytes,
 * compacted topics get only keyed records, and LogAppendTime topics get the broker's clock stamped
 * in (which re-seals the CRC). Failures throw a KafkaError naming topic, partition and batch.
 */
import { ErrorCode, KafkaError } from './errors.js';
import { firstNullKeyRecord, forEachBatch, isBatchProblem, validateBatch } from './records/batch-validate.js';
import { isControlBatch, setLogAppendTime } from './records/batch-header.js';
import { configValue, numericConfig } from './topic-config.js';
import type { Topic } from './topic-registry.js';

export interface PreparedProduce {
  recordCount: number;
  batchCount: number;
  /** -1 for CreateTime topics, else the append time stamped into every batch. */
  logAppendTimeMs: number;
}

export function prepareBatches(topic: Topic, partition: number, batches: Buffer, nowMs: number): PreparedProduce {
  const where = `topic "${topic.name}" partition ${partition}`;
  const maxMessageBytes = numericConfig(topic.configs, 'max.message.bytes');
  const compacted = configValue(topic.configs, 'cleanup.policy').includes('compact');
  const logAppendTimeMs = configValue(topic.configs, 'message.timestamp.type') === 'LogAppendTime' ? nowMs : -1;
  let recordCount = 0;
  let batchCount = 0;
  let consumed = 0;
  forEachBatch(batches, (pos, size) => {
    const index = batchCount++;
    consumed = pos + size;
    if (size > maxMessageBytes) {
      throw new KafkaError(ErrorCode.MESSAGE_TOO_LARGE, `${where}: record batch ${index} is ${size} bytes, more than max.message.bytes=${maxMessageBytes}`);
    }
    const summary = validateBatch(batches, pos, size);
    if (isBatchProblem(summary)) {
      const code = summary.kind === 'corrupt' ? ErrorCode.CORRUPT_MESSAGE : ErrorCode.INVALID_RECORD;
      throw new KafkaError(code, `${where}: record batch ${index} rejected: ${summary.reason}`);
    }
    if (compacted && !isControlBatch(summary.attributes)) requireKeys(batches, pos, size, where, index);
    if (logAppendTimeMs >= 0) setLogAppendTime(batches, pos, size, logAppendTimeMs);
    recordCount += summary.recordCount;
  });
  if (batchCount === 0 || consumed !== batches.length) {
    throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `${where}: ${batches.length - consumed} bytes after the last whole record batch`);
  }
  return { recordCount, batchCount, logAppendTimeMs };
}

function requireKeys(batches: Buffer, pos: number, size: number, where: string, index: number): void {
  const offsetDelta = firstNullKeyRecord(batches, pos, size);
  if (offsetDelta >= 0) {
    throw new KafkaError(ErrorCode.INVALID_RECORD, `${where}: record ${offsetDelta} of batch ${index} has no key, but the topic is compacted`);
  }
}
