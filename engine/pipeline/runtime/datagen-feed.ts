/**
 * Feeds a pipeline's datagen nodes: one emitter per node, writing each generated record to its
 * output's topic (key as UTF-8 text, value as JSON) through the LogClient, with back-pressure (the
 * next batch waits for the produce acknowledgement).
 *
 * A live run without an explicit `startTime` starts event time at the run's start, so windows line
 * up with the wall clock and a second run continues after the first one's stream time instead of
 * replaying 2024 (whose windows would have closed). Values stay deterministic for the seed.
 */
import type { LogClient, ProducerRecord } from '../../client/log-client.js';
import type { Clock, Disposable } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { startDatagen, type DatagenEmitter, type GeneratedRecord } from '../../connectors/registry.js';
import type { PlanDatagen } from '../compile/plan.js';

export interface DatagenFeed extends Disposable {
  /** Resolves once every emitter has stopped. */
  readonly finished: Promise<void>;
  readonly emitted: number;
}

function encode(record: GeneratedRecord): ProducerRecord {
  return { key: Buffer.from(record.key), value: Buffer.from(JSON.stringify(record.value)), timestamp: record.timestamp };
}

function groupByTopic(records: readonly GeneratedRecord[], topicOf: ReadonlyMap<string, string>): Map<string, ProducerRecord[]> {
  const byTopic = new Map<string, ProducerRecord[]>();
  for (const record of records) {
    const topic = topicOf.get(record.stream);
    if (topic === undefined) continue; // Every stream of the generator has a topic in the plan.
    let list = byTopic.get(topic);
    if (list === undefined) byTopic.set(topic, (list = []));
    list.push(encode(record));
  }
  return byTopic;
}

export function startDatagenFeed(datagen: readonly PlanDatagen[], client: LogClient, clock: Clock, logger: Logger, onError: (nodeId: string, error: unknown) => void): DatagenFeed {
  const emitters: DatagenEmitter[] = datagen.map((node) => {
    const topicOf = new Map(node.outputs.map((o) => [o.stream, o.topic]));
    const config = { ...node.config, startTime: node.config.startTime ?? clock.now() };
    logger.info(`datagen ${node.nodeId}: ${node.config.generator} at ${node.config.ratePerSec === 0 ? 'full speed' : `${node.config.ratePerSec} records/s`} → ${node.outputs.map((o) => o.topic).join(', ')}`);
    return startDatagen(
      config,
      clock,
      async (records) => {
        await Promise.all([...groupByTopic(records, topicOf)].map(([topic, batch]) => client.produce(topic, batch)));
      },
      { onError: (error) => onError(node.nodeId, error) },
    );
  });
  return {
    finished: Promise.all(emitters.map((e) => e.finished)).then(() => undefined),
    get emitted() {
      return emitters.reduce((sum, e) => sum + e.emitted, 0);
    },
    dispose: () => {
      for (const emitter of emitters) emitter.dispose();
    },
  };
}
