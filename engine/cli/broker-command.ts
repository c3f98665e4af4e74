/**
 * `sluice broker`: runs the embedded broker on a data directory until SIGINT or SIGTERM, then
 * shuts down cleanly (parked requests answered, logs flushed and fsynced, a clean-shutdown marker
 * written so the next start skips recovery).
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { Broker } from '../broker/broker.js';
import { parseConfigPairs } from '../broker/broker-config.js';
import { consoleLogger } from '../util/logger.js';
import type { Command } from './command.js';
import type { Disposable } from '../util/clock.js';

const HELP = `Usage: sluice broker [--data-dir DIR] [--config KEY=VALUE]...

Runs Sluice's embedded Kafka-compatible broker until interrupted (SIGINT/SIGTERM).

Options:
  --data-dir DIR        where topics, segments and committed offsets live (default ./.sluice)
  --config KEY=VALUE    a broker config with Kafka's name, repeatable, e.g.
                        num.partitions=3, log.retention.ms=86400000, log.segment.bytes=1048576
  -h, --help            this help`;

export const brokerCommand: Command = {
  name: 'broker',
  summary: 'run the embedded broker on a data directory',
  help: HELP,
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        'data-dir': { type: 'string', default: '.sluice' },
        config: { type: 'string', multiple: true, default: [] },
      },
      strict: true,
    });
    const dataDir = resolve(values['data-dir']);
    const logger = consoleLogger('broker');
    const signal = listenForStopSignal();
    let broker: Broker;
    try {
      broker = await Broker.open({ dataDir, config: parseConfigPairs(values.config), logger });
    } catch (error) {
      signal.dispose();
      throw error;
    }
    const topics = broker.listTopics().length;
    console.log(`broker ready: data dir ${dataDir}, ${topics} topic(s)`);
    await signal.received;
    logger.info('shutting down');
    await broker.close();
    logger.info('stopped cleanly');
    return 0;
  },
};

/**
 * Listens for SIGINT or SIGTERM from now on, keeping the process alive meanwhile (signal
 * handlers alone do not). Dispose to stop listening without a signal.
 */
function listenForStopSignal(): Disposable & { received: Promise<NodeJS.Signals> } {
  const keepAlive = setInterval(() => undefined, 1 << 30);
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const dispose = () => {
    clearInterval(keepAlive);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const received = new Promise<NodeJS.Signals>((resolveSignal) => {
    onSignal = (signal) => {
      dispose();
      resolveSignal(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return { received, dispose };
}
