/**
 * The TCP listener: accepts connections, splits frames, and hands each request to the handler
 * strictly in order per connection — the next request of a connection starts only after the
 * previous response was written — so a long-polling Fetch or a parked JoinGroup can never
 * reorder responses (Kafka mutes a connection the same way). Other connections carry on.
 *
 * Failure rules: an oversized frame or one the handler cannot parse closes that connection with a
 * logged reason; idle connections close after `idleTimeoutMs`; `close()` stops accepting, ends
 * every connection and resolves once the listener is gone. The server holds no business logic.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { FrameReader } from './frame-reader.js';
import type { Logger } from '../../util/logger.js';

export interface ConnectionInfo {
  id: number;
  remote: string;
}

export interface RequestHandler {
  /**
   * Handles one request frame (without its size prefix). Resolves to the complete response
   * frame(s), size prefix included, or null when the request gets no response (acks=0).
   * Rejecting closes the connection: reserve it for frames that cannot be parsed.
   */
  handle(frame: Buffer, connection: ConnectionInfo): Promise<Buffer | Buffer[] | null>;
}

export interface KafkaServerOptions {
  host: string;
  port: number;
  maxFrameBytes: number;
  idleTimeoutMs: number;
  logger: Logger;
  /** Requests buffered per connection before reading pauses (pipelining clients). */
  maxQueuedRequests?: number;
}

export interface KafkaServer {
  readonly host: string;
  readonly port: number;
  readonly connectionCount: number;
  close(): Promise<void>;
}

class Connection {
  private readonly frames: Buffer[] = [];
  private readonly reader: FrameReader;
  private running = false;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    readonly info: ConnectionInfo,
    private readonly handler: RequestHandler,
    private readonly options: KafkaServerOptions,
  ) {
    this.reader = new FrameReader(options.maxFrameBytes);
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs, () => this.close(`idle for ${options.idleTimeoutMs} ms (connections.max.idle.ms)`, false));
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (error) => this.close(`socket error: ${error.message}`, false));
    socket.on('close', () => (this.closed = true));
  }

  private onData(chunk: Buffer): void {
    const result = this.reader.push(chunk);
    if (!Array.isArray(result)) {
      this.close(result.reason, true);
      return;
    }
    this.frames.push(...result);
    if (this.frames.length > (this.options.maxQueuedRequests ?? 256)) this.socket.pause();
    void this.drainQueue();
  }

  private async drainQueue(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.frames.length > 0 && !this.closed) {
        const frame = this.frames.shift()!;
        if (this.socket.isPaused() && this.frames.length < (this.options.maxQueuedRequests ?? 256) / 2) this.socket.resume();
        let response: Buffer | Buffer[] | null;
        try {
          response = await this.handler.handle(frame, this.info);
        } catch (error) {
          this.close(`malformed request: ${error instanceof Error ? error.message : String(error)}`, true);
          return;
        }
        if (response && !this.closed) await this.write(response);
      }
    } finally {
      this.running = false;
    }
  }

  private write(response: Buffer | Buffer[]): Promise<void> {
    const parts = Array.isArray(response) ? response : [response];
    let flushed = true;
    if (parts.length === 1) {
      flushed = this.socket.write(parts[0]!);
    } else {
      this.socket.cork();
      for (const part of parts) flushed = this.socket.write(part) && flushed;
      this.socket.uncork();
    }
    if (flushed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.once('drain', done);
      this.socket.once('close', done);
    });
  }

  close(reason: string, warn: boolean): void {
    if (this.closed) return;
    this.closed = true;
    const message = `closing connection ${this.info.id} from ${this.info.remote}: ${reason}`;
    if (warn) this.options.logger.warn(message);
    else this.options.logger.info(message);
    this.socket.destroy();
  }
}

export function startKafkaServer(handler: RequestHandler, options: KafkaServerOptions): Promise<KafkaServer> {
  const connections = new Set<Connection>();
  let nextId = 1;
  const server: Server = createServer((socket) => {
    const info = { id: nextId++, remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}` };
    const connection = new Connection(socket, info, handler, options);
    connections.add(connection);
    socket.on('close', () => connections.delete(connection));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        host: options.host,
        port,
        get connectionCount() {
          return connections.size;
        },
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const connection of connections) connection.close('broker shutting down', false);
          }),
      });
    });
  });
}
