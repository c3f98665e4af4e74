/**
 * The studio server of `sluice studio` (DESIGN.md §1, browser mode): an HTTP server on 127.0.0.1
 * that serves the built renderer and carries the EngineApi over a WebSocket at `/api`.
 *
 * Security invariants — a web page on another site must not reach the engine:
 * - it listens on 127.0.0.1 only;
 * - every request must name this server in its Host header (`127.0.0.1:<port>` or
 *   `localhost:<port>`), or it gets 403 — a DNS-rebinding page names its own host;
 * - a WebSocket upgrade is refused before the socket is accepted: 404 for another path, 401 when
 *   `?token=` is missing or wrong (compared in constant time; the token is 32 hex characters from
 *   crypto.randomBytes, new for every launch), 403 when the Origin header is missing or is not
 *   exactly `http://127.0.0.1:<port>` or `http://localhost:<port>`;
 * - the token reaches the page only through the printed URL `http://127.0.0.1:<port>/?token=…`,
 *   and pages are served with `Referrer-Policy: no-referrer`.
 * One WebSocket is one host connection: its taps' batches go to it alone, `run.status` to all.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { EngineError } from '../api/errors.js';
import { silentLogger, type Logger } from '../util/logger.js';
import type { EngineHost } from './engine-host.js';
import { DEFAULT_RENDERER_DIR, sendText, serveStatic } from './static-files.js';

export interface StudioServerOptions {
  host: EngineHost;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built renderer; defaults to `dist/renderer` at the package root. */
  rendererDir?: string;
  logger?: Logger;
}

export interface StudioServer {
  /** `http://127.0.0.1:<port>/?token=<token>`: what the user opens. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export const API_PATH = '/api';
/** Tap batches are skipped for a connection with more than this much unsent data (a slow page). */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const CLOSE_GRACE_MS = 1000;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Equality of two strings in time independent of where they differ (both are hashed to 32 bytes first, so lengths leak nothing either). */
export function tokensEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404 | 400, reason: string): void {
  const titles = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' } as const;
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${titles[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const message = error.code === 'EADDRINUSE' ? `port ${port} on 127.0.0.1 is already in use` : `cannot listen on 127.0.0.1:${port}: ${error.message}`;
      reject(new EngineError('HOST_LISTEN_FAILED', message, { domain: 'user', cause: error }));
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('the studio server has no TCP address'));
      else resolvePort(address.port);
    });
  });
}

export async function startStudioServer(options: StudioServerOptions): Promise<StudioServer> {
  const logger = options.logger ?? silentLogger;
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const token = randomBytes(16).toString('hex');
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const server = createServer((req, res) => {
    if (!allowedHosts.has(req.headers.host ?? '')) return sendText(res, 403, 'Forbidden: unexpected Host header\n');
    serveStatic(req, res, rendererDir, logger).catch((error: unknown) => {
      logger.error(`serving ${req.url ?? '?'} failed`, error);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error\n');
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => logger.warn(`studio WebSocket socket error: ${error.message}`));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refuse = (status: 401 | 403 | 404 | 400, reason: string) => {
      logger.warn(`refused a WebSocket connection (${status}): ${reason}`);
      refuseUpgrade(socket, status, reason);
    };
    if (url.pathname !== API_PATH) return refuse(404, `no WebSocket endpoint at ${url.pathname}`);
    if (!allowedHosts.has(req.headers.host ?? '')) return refuse(403, 'unexpected Host header');
    const given = url.searchParams.get('token');
    if (given === null) return refuse(401, 'missing token: open the URL that `sluice studio` printed');
    if (!tokensEqual(given, token)) return refuse(401, 'wrong token: open the URL that `sluice studio` printed');
    const origin = req.headers.origin;
    if (origin === undefined) return refuse(403, 'missing Origin header');
    if (!allowedOrigins.has(origin)) return refuse(403, `Origin ${origin} may not use this studio`);
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  const attach = (ws: WebSocket) => {
    let skipped = 0;
    const connection = options.host.connect(
      (message) => {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (message.type === 'event' && message.event === 'tap.batch' && ws.bufferedAmount > MAX_BUFFERED_BYTES) {
          if (skipped++ === 0) logger.warn('a studio page is not keeping up: skipping tap batches until it catches up');
          return;
        }
        skipped = 0;
        ws.send(JSON.stringify(message));
      },
      () => ws.close(1001, 'the engine is shutting down'),
    );
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        logger.warn('closed a studio connection that sent a binary frame (the API speaks JSON text)');
        ws.close(1003, 'JSON text frames only');
        return;
      }
      let message: unknown;
      try {
        message = JSON.parse(rawText(data));
      } catch (error) {
        logger.warn(`ignored a studio frame that is not JSON: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      void connection.receive(message);
    });
    ws.on('close', () => connection.close());
    ws.on('error', (error) => logger.warn(`studio WebSocket error: ${error.message}`));
  };

  const port = await listen(server, options.port ?? 0);
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const url = `http://127.0.0.1:${port}/?token=${token}`;
  logger.info(`studio server on 127.0.0.1:${port}, renderer from ${rendererDir}`);

  let closing: Promise<void> | undefined;
  const close = async () => {
    const sockets = [...wss.clients];
    const closed = Promise.all(sockets.map((ws) => new Promise<void>((done) => (ws.readyState === WebSocket.CLOSED ? done() : ws.once('close', () => done())))));
    for (const ws of sockets) ws.close(1001, 'the studio server is shutting down');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise<void>((done) => (timer = setTimeout(done, CLOSE_GRACE_MS)))]);
    clearTimeout(timer);
    for (const ws of sockets) ws.terminate();
    await new Promise<void>((done) => wss.close(() => done()));
    server.closeAllConnections();
    await new Promise<void>((done, reject) => server.close((error) => (error === undefined ? done() : reject(error))));
  };
  return {
    url,
    port,
    token,
    close: () => (closing ??= close()),
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
