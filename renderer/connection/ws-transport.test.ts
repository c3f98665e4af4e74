import { describe, expect, it } from 'vitest';
import { engineUrl, WebSocketTransport } from './ws-transport.js';

class FakeSocket extends EventTarget {
  static OPEN = 1;
  readyState = 0;
  sent: string[] = [];
  send(frame: string) {
    this.sent.push(frame);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  receive(data: string) {
    this.dispatchEvent(Object.assign(new Event('message'), { data }));
  }
  drop(code: number, reason = '') {
    this.dispatchEvent(Object.assign(new Event('close'), { code, reason }));
  }
}

(globalThis as unknown as { WebSocket: unknown }).WebSocket ??= FakeSocket;

describe('engineUrl', () => {
  it('takes the token from the page URL', () => {
    expect(engineUrl({ protocol: 'http:', host: '127.0.0.1:4321', search: '?token=a%2Bb' })).toBe('ws://127.0.0.1:4321/api?token=a%2Bb');
    expect(engineUrl({ protocol: 'https:', host: 'h', search: '' })).toBe('wss://h/api?token=');
  });
});

describe('WebSocketTransport', () => {
  it('queues requests until open, parses frames and closes once', () => {
    const socket = new FakeSocket();
    let opened = 0;
    const transport = new WebSocketTransport('ws://x/api', { onOpen: () => opened++ }, () => socket as unknown as WebSocket);
    const messages: unknown[] = [];
    const closes: string[] = [];
    transport.onMessage((m) => messages.push(m));
    transport.onClose((r) => closes.push(r));
    transport.send({ type: 'request', id: 1, method: 'catalog.list', params: {} });
    expect(socket.sent).toEqual([]);
    socket.open();
    expect(opened).toBe(1);
    expect(socket.sent.map((f) => JSON.parse(f).id)).toEqual([1]);
    socket.receive('{"type":"event","event":"run.status","payload":{}}');
    socket.receive('not json');
    expect(messages).toHaveLength(1);
    socket.drop(1006);
    transport.close();
    expect(closes).toEqual(['connection closed (code 1006)']);
  });

  it('says when it never connected', () => {
    const socket = new FakeSocket();
    const transport = new WebSocketTransport('ws://x/api', {}, () => socket as unknown as WebSocket);
    const closes: string[] = [];
    transport.onClose((r) => closes.push(r));
    socket.drop(1006);
    expect(closes).toEqual(['could not connect to the engine']);
  });
});
