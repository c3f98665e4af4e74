/**
 * `startStudioServer` for real on 127.0.0.1 port 0: static files (types, 404, traversal refused,
 * 503 when the renderer is not built), the Host check, and the WebSocket door (token, Origin), then
 * EngineApi calls and events over an accepted connection.
 */
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineClient } from '../engine/api/client.js';
import { EngineError } from '../engine/api/errors.js';
import { startStudioServer, tokensEqual, type StudioServer } from '../engine/host/studio-server.js';
import { apiUrlOf, connectToStudio, WebSocketRefusedError } from '../engine/host/node-ws-transport.js';
import { EventLog, openHostKit, type HostKit } from '../engine/host/test-kit.js';

let kit: HostKit;
let root: string;
let rendererDir: string;
let server: StudioServer;
const clients: EngineClient[] = [];
const extraServers: StudioServer[] = [];

const FILES: Record<string, string> = {
  'index.html': '<!doctype html><title>Sluice</title>',
  'assets/app.js': 'console.log(1);',
  'assets/app.js.map': '{"version":3}',
  'assets/app.css': 'body{}',
  'assets/icon.svg': '<svg/>',
  'assets/font.ttf': 'ttf',
  'assets/mod.wasm': 'wasm',
  'assets/data.json': '{}',
};

beforeEach(async () => {
  kit = await openHostKit();
  root = await mkdtemp(join(tmpdir(), 'sluice-studio-'));
  rendererDir = join(root, 'renderer');
  for (const [name, content] of Object.entries(FILES)) {
    await mkdir(join(rendererDir, name, '..'), { recursive: true });
    await writeFile(join(rendererDir, name), content);
  }
  await writeFile(join(root, 'secret.txt'), 'top secret');
  server = await startStudioServer({ host: kit.host, port: 0, rendererDir, logger: kit.logger });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const extra of extraServers.splice(0)) await extra.close();
  await server.close();
  await kit.dispose();
  await rm(root, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (the path is sent exactly as given, unlike fetch). */
function get(path: string, options: { port?: number; method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: options.port ?? server.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function connect(url = server.url, origin?: string | null): Promise<EngineClient> {
  const client = await connectToStudio(url, origin === undefined ? {} : { origin });
  clients.push(client);
  return client;
}

async function refusal(url: string, origin?: string | null): Promise<WebSocketRefusedError> {
  try {
    await connect(url, origin);
  } catch (error) {
    if (error instanceof WebSocketRefusedError) return error;
    throw error;
  }
  throw new Error(`the server accepted ${url}`);
}

describe('studio server: static files', () => {
  it('prints a 127.0.0.1 URL with a 32-hex-character token, new for every launch', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{32}$/);
    const other = await startStudioServer({ host: kit.host, rendererDir });
    extraServers.push(other);
    expect(other.token).not.toBe(server.token);
    expect(other.port).not.toBe(server.port);
  });

  it('serves index.html for / and files with their content types', async () => {
    const index = await get(`/?token=${server.token}`);
    expect(index).toMatchObject({ status: 200, body: FILES['index.html'] });
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    const types: Record<string, string> = {
      'assets/app.js': 'text/javascript; charset=utf-8',
      'assets/app.js.map': 'application/json; charset=utf-8',
      'assets/app.css': 'text/css; charset=utf-8',
      'assets/icon.svg': 'image/svg+xml',
      'assets/font.ttf': 'font/ttf',
      'assets/mod.wasm': 'application/wasm',
      'assets/data.json': 'application/json; charset=utf-8',
    };
    for (const [file, type] of Object.entries(types)) {
      const reply = await get(`/${file}`);
      expect(reply.status, file).toBe(200);
      expect(reply.headers['content-type'], file).toBe(type);
      expect(reply.body).toBe(FILES[file]);
    }
    const head = await get('/assets/app.js', { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe(String(FILES['assets/app.js']!.length));
  });

  it('answers 404 for missing files and directories, 405 for other methods', async () => {
    expect((await get('/nope.js')).status).toBe(404);
    expect((await get('/assets')).status).toBe(404);
    expect((await get('/assets/')).status).toBe(404);
    expect((await get('/index.html', { method: 'POST' })).status).toBe(405);
  });

  it('refuses directory traversal, however it is spelt', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00index.html', '/%E0%A4%A']) {
      const reply = await get(path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).not.toContain('top secret');
    }
  });

  it('refuses requests whose Host header names another site (DNS rebinding)', async () => {
    const reply = await get('/', { headers: { Host: 'evil.example:80' } });
    expect(reply.status).toBe(403);
    expect((await get('/', { headers: { Host: `localhost:${server.port}` } })).status).toBe(200);
  });

  it('answers 503 with a clear page while the renderer is not built', async () => {
    const emptyDir = join(root, 'empty');
    await mkdir(emptyDir);
    const unbuilt = await startStudioServer({ host: kit.host, rendererDir: emptyDir });
    extraServers.push(unbuilt);
    const reply = await get('/', { port: unbuilt.port });
    expect(reply.status).toBe(503);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.body).toContain('renderer not built');
    expect(reply.body).toContain('npm run build:renderer');
  });
});

describe('studio server: the WebSocket door', () => {
  const apiUrl = () => apiUrlOf(server.url);
  const withToken = (token: string) => `ws://127.0.0.1:${server.port}/api?token=${token}`;

  it('refuses a missing or wrong token with 401, before accepting the socket', async () => {
    expect((await refusal(`ws://127.0.0.1:${server.port}/api`)).status).toBe(401);
    expect((await refusal(withToken('0'.repeat(32)))).status).toBe(401);
    expect((await refusal(withToken(server.token.slice(0, 31)))).status).toBe(401);
    expect((await refusal(withToken(`${server.token}0`))).status).toBe(401);
    expect(kit.logger.lines.filter((line) => line.includes('refused a WebSocket connection (401)'))).toHaveLength(4);
    expect(kit.logger.lines.join('\n')).not.toContain(server.token);
  });

  it('refuses a foreign or missing Origin with 403, even with the right token', async () => {
    expect((await refusal(apiUrl(), 'http://evil.example')).status).toBe(403);
    expect((await refusal(apiUrl(), `http://127.0.0.1:${server.port + 1}`)).status).toBe(403);
    expect((await refusal(apiUrl(), `https://127.0.0.1:${server.port}`)).status).toBe(403);
    expect((await refusal(apiUrl(), 'null')).status).toBe(403);
    expect((await refusal(apiUrl(), null)).status).toBe(403);
  });

  it('refuses other paths with 404', async () => {
    expect((await refusal(`ws://127.0.0.1:${server.port}/other?token=${server.token}`)).status).toBe(404);
  });

  it('accepts the right token from its own origin and carries calls, errors and events', async () => {
    const client = await connect();
    const viaLocalhost = await connect(apiUrl(), `http://localhost:${server.port}`);
    const { kinds } = await client.api['catalog.list']({});
    expect(kinds).toHaveLength(15);
    await client.api['topics.create']({ name: 'over-ws', partitions: 1 });
    expect((await viaLocalhost.api['topics.list']({})).topics.map((t) => t.name)).toEqual(['over-ws']);
    const error = await client.api['topics.describe']({ name: 'ghost' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: 'KAFKA_UNKNOWN_TOPIC_OR_PARTITION' });

    // run.status goes to every connection: a refused run is a status change too.
    const mine = new EventLog(client, 'run.status');
    const theirs = new EventLog(viaLocalhost, 'run.status');
    const doc = { format: 'sluice.pipeline/v1' as const, name: 'broken', nodes: [{ id: 'x', kind: 'nope@1', config: {} }], edges: [] };
    await expect(client.api['pipelines.run']({ doc })).rejects.toMatchObject({ domain: 'user' });
    await mine.until((s) => s.state === 'failed', 'failed status on the caller');
    await theirs.until((s) => s.state === 'failed', 'failed status on the other connection');
  });

  it('ignores frames that are not JSON, closes on binary frames, and disconnects clients when it closes', async () => {
    const raw = new WebSocket(apiUrl(), { origin: `http://127.0.0.1:${server.port}` });
    await new Promise((resolve) => raw.once('open', resolve));
    const replies: string[] = [];
    raw.on('message', (data: Buffer) => replies.push(data.toString('utf8')));
    raw.send('not json');
    raw.send(JSON.stringify({ type: 'request', id: 1, method: 'pipelines.status', params: {} }));
    await new Promise<void>((resolve) => raw.once('message', () => resolve()));
    expect(JSON.parse(replies[0]!)).toMatchObject({ type: 'response', id: 1, ok: true, result: { state: 'idle' } });
    const closed = new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)));
    raw.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await closed).toBe(1003);

    const client = await connect();
    await client.api['pipelines.status']({});
    await server.close();
    await expect(client.api['pipelines.status']({})).rejects.toMatchObject({ code: 'API_DISCONNECTED' });
  });
});

describe('tokensEqual', () => {
  it('compares whole strings of any length', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('ab', 'abc')).toBe(false);
    expect(tokensEqual('', 'abc')).toBe(false);
  });
});
