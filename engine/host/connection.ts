/**
 * One client of the engine host (a WebSocket, a MessagePort, an in-memory pair): requests in,
 * responses and events out. The transport gives the connection a `send` function and feeds it
 * every message it receives; the connection answers through the shared dispatcher.
 *
 * Invariants: every request gets one response (unless the connection closed first); `tap.batch`
 * events go only to the connection that subscribed the tap, `run.status` to every connection;
 * after close() nothing more is received or sent and the host has dropped the connection's taps.
 */
import type { EngineMethod, EngineEvent, EventPayload } from '../api/contract.js';
import type { TapBatch } from '../api/dto.js';
import type { EngineToClientMessage } from '../api/messages.js';
import type { Logger } from '../util/logger.js';
import { dispatchRequest } from './dispatch.js';
import type { TapSink } from './run-controller.js';

export type SendMessage = (message: EngineToClientMessage) => void;

/** What a connection needs of the host. */
export interface ConnectionHost {
  invoke(method: EngineMethod, params: unknown, caller: HostConnection): Promise<unknown>;
  disconnect(connection: HostConnection): void;
}

export interface ConnectionOptions {
  logger: Logger;
  /** Check every result against the contract (tests). */
  checkResults?: boolean;
  /** Called once when the connection closes, from either side (the transport closes its end). */
  onClosed?: () => void;
}

export class HostConnection implements TapSink {
  private closed = false;

  constructor(
    private readonly host: ConnectionHost,
    private readonly sendMessage: SendMessage,
    private readonly options: ConnectionOptions,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Handles one incoming message (already decoded from its frame); never rejects. A message that
   * arrives after close (a MessagePort delivers later) is dropped: nobody would get its answer, and a
   * tap it subscribed would outlive its connection.
   */
  async receive(raw: unknown): Promise<void> {
    if (this.closed) return;
    const response = await dispatchRequest(raw, (method, params) => this.host.invoke(method, params, this), this.options);
    if (response !== undefined) this.send(response);
  }

  event<E extends EngineEvent>(event: E, payload: EventPayload<E>): void {
    this.send({ type: 'event', event, payload });
  }

  tapBatch(batch: TapBatch): void {
    this.event('tap.batch', batch);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.host.disconnect(this);
    this.options.onClosed?.();
  }

  private send(message: EngineToClientMessage): void {
    if (this.closed) return;
    try {
      this.sendMessage(message);
    } catch (error) {
      this.options.logger.warn(`could not send a ${message.type} to a studio connection: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
