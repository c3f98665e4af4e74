/**
 * The EngineClient's WebSocket transport for Node (tests, tools): connects to a `sluice studio`
 * server's `/api` endpoint with the `ws` package. The browser transport is the renderer's own.
 *
 * Invariants: `openWebSocketTransport` resolves only once the socket is open, and rejects with
 * HOST_WS_REFUSED (carrying the HTTP status) when the server refuses the upgrade; frames are JSON
 * text; messages arriving before the client registers its handler are kept, not lost; the close
 * handler runs once, whichever side closed.
 */
import WebSocket from 'ws';
import { EngineClient, type Transport } from '../api/client.js';
import { EngineError } from '../api/errors.js';

export interface NodeWebSocketOptions {
  /**
   * The Origin header to send: defaults to the server's own origin (`http://<host>:<port>` of the
   * URL), as the studio page would; `null` sends none.
   */
  origin?: string | null;
}

/** The server refused the WebSocket upgrade (HTTP status 401, 403, 404…). */
export class WebSocketRefusedError extends EngineError {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super('HOST_WS_REFUSED', `the studio server refused the connection: ${status}${body === '' ? '' : ` ${body.trim()}`}`, { domain: 'user' });
  }
}

/** `ws://…/api?token=…` from the page URL `sluice studio` prints (`http://…/?token=…`). */
export function apiUrlOf(pageUrl: string): string {
  const url = new URL(pageUrl);
  const token = url.searchParams.get('token') ?? '';
  return `ws://${url.host}/api?token=${encodeURIComponent(token)}`;
}

export function openWebSocketTransport(apiUrl: string, options: NodeWebSocketOptions = {}): Promise<Transport> {
  const origin = options.origin === undefined ? `http://${new URL(apiUrl).host}` : options.origin;
  const socket = new WebSocket(apiUrl, origin === null ? {} : { origin });
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk.slice(0, 500)));
      response.on('end', () => reject(new WebSocketRefusedError(response.statusCode ?? 0, body)));
      response.on('error', () => reject(new WebSocketRefusedError(response.statusCode ?? 0, body)));
    });
    socket.once('error', (error) => reject(new EngineError('API_DISCONNECTED', `cannot reach the studio server: ${error.message}`, { domain: 'external', retriable: true, cause: error })));
    socket.once('open', () => resolve(transportOver(socket)));
  });
}

function transportOver(socket: WebSocket): Transport {
  const early: unknown[] = [];
  let onMessage: ((message: unknown) => void) | undefined;
  let onClose: ((reason: string) => void) | undefined;
  let closedReason: string | undefined;
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    let message: unknown;
    try {
      message = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
    } catch (error) {
      // Not ours to answer: EngineClient ignores what it cannot read, so drop it the same way.
      message = { unreadable: error instanceof Error ? error.message : String(error) };
    }
    if (onMessage === undefined) early.push(message);
    else onMessage(message);
  });
  socket.on('close', (code, reason) => {
    closedReason ??= `the studio server closed the connection (${code}${reason.length > 0 ? ` ${reason.toString('utf8')}` : ''})`;
    onClose?.(closedReason);
  });
  socket.on('error', (error) => {
    closedReason ??= `WebSocket error: ${error.message}`;
  });
  return {
    send(message) {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    },
    onMessage(handler) {
      onMessage = handler;
      for (const message of early.splice(0)) handler(message);
    },
    onClose(handler) {
      onClose = handler;
      if (closedReason !== undefined && socket.readyState === WebSocket.CLOSED) handler(closedReason);
    },
    close() {
      closedReason ??= 'closed by the client';
      socket.close(1000, 'closed by the client');
    },
  };
}

/** An EngineClient on a studio server, from the page URL it printed or its `/api` URL. */
export async function connectToStudio(url: string, options: NodeWebSocketOptions = {}): Promise<EngineClient> {
  const apiUrl = url.startsWith('ws') ? url : apiUrlOf(url);
  return new EngineClient(await openWebSocketTransport(apiUrl, options));
}
