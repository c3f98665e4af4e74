/**
 * The broker's Kafka protocol listener: the TCP server (engine/broker/server) wired to the
 * request dispatcher (engine/broker/handlers) over one Broker. It advertises its own address unless
 * told otherwise, so clients dial back exactly what they were given.
 */
import { startKafkaServer, type KafkaServer } from './server/kafka-server.js';
import { KafkaRequestDispatcher } from './handlers/dispatcher.js';
import type { Broker } from './broker.js';
import type { BrokerEndpoint } from './handlers/handler.js';
import { silentLogger, type Logger } from '../util/logger.js';

export interface ListenerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The address clients are told to dial; defaults to the listen address. */
  advertised?: Partial<BrokerEndpoint>;
  logger?: Logger;
}

export interface KafkaListener {
  host: string;
  port: number;
  advertised: BrokerEndpoint;
  close(): Promise<void>;
}

export async function startKafkaListener(broker: Broker, options: ListenerOptions = {}): Promise<KafkaListener> {
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const advertised: BrokerEndpoint = { host: options.advertised?.host ?? host, port: options.advertised?.port ?? 0 };
  let producerId = broker.clock.now();
  const dispatcher = new KafkaRequestDispatcher({ broker, advertised, clusterId: broker.clusterId, logger, nextProducerId: () => producerId++, trace: process.env.SLUICE_WIRE_TRACE === '1' });
  const server: KafkaServer = await startKafkaServer(dispatcher, {
    host,
    port: options.port ?? 9092,
    maxFrameBytes: broker.settings.socketRequestMaxBytes,
    idleTimeoutMs: broker.settings.connectionsMaxIdleMs,
    logger,
  });
  if (!options.advertised?.port) advertised.port = server.port;
  return { host, port: server.port, advertised, close: () => server.close() };
}
