/**
 * The browser-mode Transport (DESIGN.md §1): EngineClient messages as JSON text frames on one
 * WebSocket to `ws://<host>/api?token=<token>`, the token taken from the page's own `?token=`.
 *
 * Invariants: requests sent before the socket opens are queued and flushed in order on open; the
 * close handler runs exactly once (socket closed, failed to connect, or `close()`); a frame that is
 * not JSON is dropped with a console warning (the client ignores messages it does not know).
 */
import type { RequestMessage, Transport } from '../../engine/api/index.js';

/** The API endpoint for a page location: same host, `/api`, the page's token passed on. */
export function engineUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api?token=${encodeURIComponent(token)}`;
}

type SocketFactory = (url: string) => WebSocket;

/** Lifecycle hooks beside the client's own handlers (the connection banner uses them). */
export interface TransportHooks {
  onOpen?(): void;
  onClose?(reason: string): void;
}

export class WebSocketTransport implements Transport {
  private readonly socket: WebSocket;
  private readonly queue: string[] = [];
  private messageHandler: (message: unknown) => void = () => undefined;
  private closeHandler: (reason: string) => void = () => undefined;
  private closed = false;
  /** Whether the socket ever opened (a socket that never did means the engine is unreachable). */
  opened = false;

  constructor(
    url: string,
    private readonly hooks: TransportHooks = {},
    createSocket: SocketFactory = (u) => new WebSocket(u),
  ) {
    this.socket = createSocket(url);
    this.socket.addEventListener('open', () => {
      this.opened = true;
      for (const frame of this.queue.splice(0)) this.socket.send(frame);
      this.hooks.onOpen?.();
    });
    this.socket.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        console.warn('sluice: dropped a frame from the engine that is not JSON', error);
        return;
      }
      this.messageHandler(message);
    });
    this.socket.addEventListener('close', (event: CloseEvent) => {
      this.finish(event.reason !== '' ? event.reason : this.opened ? `connection closed (code ${event.code})` : 'could not connect to the engine');
    });
  }

  send(message: RequestMessage): void {
    const frame = JSON.stringify(message);
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(frame);
    else this.queue.push(frame);
  }

  onMessage(handler: (message: unknown) => void): void {
    this.messageHandler = handler;
  }

  onClose(handler: (reason: string) => void): void {
    this.closeHandler = handler;
  }

  close(): void {
    this.socket.close(1000, 'closed by the studio');
    this.finish('closed by the studio');
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closeHandler(reason);
    this.hooks.onClose?.(reason);
  }
}
