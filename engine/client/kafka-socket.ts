/**
 * kafkajs's socket factory with TCP_NODELAY, as the Java client and librdkafka set by default.
 * Without it Nagle's algorithm holds small requests (a produce of a few records, a heartbeat)
 * until the previous segment is acknowledged, which with delayed ACKs adds up to ~40 ms.
 */
import { connect as tcpConnect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

const KEEP_ALIVE_DELAY_MS = 60_000;

export const noDelaySocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
    : tcpConnect({ host, port }, onConnect);
  socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
  socket.setNoDelay(true);
  return socket;
};
