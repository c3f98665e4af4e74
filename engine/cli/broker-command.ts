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
import { startKafkaListener, type KafkaListener } from '../broker/kafka-listener.js';
import { EngineError } from '../api/errors.js';
import type { Command } from './command.js';
import type { Disposable } from '../util/clock.js';

const HELP = `Usage: sluice broker [--data-dir DIR] [--listen HOST:PORT] [--advertise HOST:PORT] [--config KEY=VALUE]...

Runs Sluice's embedded Kafka-compatible broker until interrupted (SIGINT/SIGTERM). Any Kafka
client (librdkafka/kcat, kafkajs, kafka-python, Java) can produce to it and consume from it.
Prints one line on stdout once it accepts connections: \`listening on HOST:PORT\`.

Options:
  --data-dir DIR        where topics, segments and committed offsets live (default ./.sluice)
  --listen HOST:PORT    the address to listen on (default 127.0.0.1:9092; port 0 picks a free one)
  --advertise HOST:PORT the address clients are told to connect to (default: the listen address)
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
        listen: { type: 'string', default: '127.0.0.1:9092' },
        advertise: { type: 'string' },
        config: { type: 'string', multiple: true, default: [] },
      },
      strict: true,
    });
    const dataDir = resolve(values['data-dir']);
    const listen = parseHostPort(values.listen, '--listen');
    const advertise = values.advertise === undefined ? undefined : parseHostPort(values.advertise, '--advertise');
    const logger = consoleLogger('broker');
    const signal = listenForStopSignal();
    let broker: Broker;
    try {
      broker = await Broker.open({ dataDir, config: parseConfigPairs(values.config), logger });
    } catch (error) {
      signal.dispose();
      throw error;
    }
    let listener: KafkaListener;
    try {
      listener = await startKafkaListener(broker, { host: listen.host, port: listen.port, advertised: advertise, logger });
    } catch (error) {
      signal.dispose();
      await broker.close();
      throw error;
    }
    logger.info(`data dir ${dataDir}, ${broker.listTopics().length} topic(s), advertising ${listener.advertised.host}:${listener.advertised.port}`);
    console.log(`listening on ${listener.host}:${listener.port}`);
    await signal.received;
    logger.info('shutting down');
    await listener.close();
    await broker.close();
    logger.info('stopped cleanly');
    return 0;
  },
};

/**
 * Listens for SIGINT or SIGTERM from now on, keeping the process alive meanwhile (signal
 * handlers alone do not). Dispose to stop listening without a signal.
 */
export function listenForStopSignal(): Disposable & { received: Promise<NodeJS.Signals> } {
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

/** Parses HOST:PORT (IPv6 hosts in brackets); throws a user error naming the option. */
export function parseHostPort(value: string, option: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) throw new EngineError('CLI_BAD_ADDRESS', `${option} expects HOST:PORT, got "${value}"`, { domain: 'user' });
  return { host: (match[1] ?? match[2])!, port };
}
