/**
 * The studio's static files: the built renderer (`dist/renderer`, made by `npm run build:renderer`)
 * served by `sluice studio`.
 *
 * Invariants: only GET and HEAD; `/` serves index.html; a path is decoded once and refused (404)
 * when any segment is `..`, when it holds a NUL or a backslash, or when it resolves outside the
 * root, so no request reads a file outside the renderer folder; directories are 404; while
 * index.html is missing every request gets a 503 page saying how to build the renderer. Responses
 * never carry a Referer to other sites (the page URL holds the session token).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, relative, resolve, sep, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../util/logger.js';

/** `dist/renderer` at the package root (this file is engine/host/static-files.ts). */
export const DEFAULT_RENDERER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'renderer');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export const contentTypeOf = (path: string): string => CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

const COMMON_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-cache' };

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sluice studio: renderer not built</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3rem;">
<h1>Renderer not built</h1>
<p>The studio's web files are missing. Build them, then reload this page:</p>
<pre>npm run build:renderer</pre>
</body></html>
`;

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { ...COMMON_HEADERS, ...extra, 'Content-Type': contentType, 'Content-Length': body.length });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** The file under `root` that a URL path names, or undefined when the path is not acceptable. */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..')) return undefined;
  const file = resolve(root, ...(segments.length === 0 ? ['index.html'] : segments));
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return undefined;
  return file;
}

async function isFile(path: string): Promise<{ size: number } | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? { size: info.size } : undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** Answers one static-file request from `root`. */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, logger: Logger): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method Not Allowed\n', undefined, { Allow: 'GET, HEAD' });
  if ((await isFile(resolve(root, 'index.html'))) === undefined) {
    return sendText(res, 503, NOT_BUILT_PAGE.replace('</body>', `<p>Looked in <code>${escapeHtml(root)}</code>.</p>\n</body>`), 'text/html; charset=utf-8');
  }
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  // The WHATWG parser above already removed plain `..` segments; check the raw path as well.
  const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
  const file = resolveStaticPath(root, rawPath) === undefined ? undefined : resolveStaticPath(root, pathname);
  const found = file === undefined ? undefined : await isFile(file);
  if (file === undefined || found === undefined) return sendText(res, 404, 'Not Found\n');
  res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': contentTypeOf(file), 'Content-Length': found.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', (error) => {
    logger.warn(`reading ${file} failed: ${error.message}`);
    res.destroy(error);
  });
  stream.pipe(res);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
