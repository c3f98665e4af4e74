/**
 * `sluice studio`: the studio in a browser — an engine host on a data directory plus the studio
 * server (built renderer + EngineApi over WebSocket) on 127.0.0.1, until SIGINT or SIGTERM, then a
 * clean shutdown (run stopped, sockets closed, broker flushed).
 *
 * Invariants: prints exactly one line on stdout, `Sluice studio: <url>`, once the server accepts
 * connections; `--open` never makes the command fail — without a usable browser opener the URL
 * printed is the way in.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EngineError } from '../api/errors.js';
import { EngineHost } from '../host/engine-host.js';
import { DEFAULT_RENDERER_DIR } from '../host/static-files.js';
import { startStudioServer, type StudioServer } from '../host/studio-server.js';
import { consoleLogger, type Logger } from '../util/logger.js';
import { listenForStopSignal } from './broker-command.js';
import type { Command } from './command.js';

const HELP = `Usage: sluice studio [--port N] [--data-dir DIR] [--open]

Runs the Sluice studio in your browser until interrupted (SIGINT/SIGTERM): the embedded broker, the
pipeline runtime and your workspace (DIR/pipelines), served on 127.0.0.1. Prints one line on
stdout, \`Sluice studio: URL\`; the URL carries a token that is new for every launch, and only pages
opened from it can reach the engine.

Options:
  --port N        the port on 127.0.0.1 (default 0: a free port)
  --data-dir DIR  topics, offsets and the workspace folder live here (default ./.sluice)
  --open          also open the URL in the system browser (if one can be launched)
  -h, --help      this help`;

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65535) throw new EngineError('CLI_BAD_OPTION', `--port expects a number from 0 to 65535, got "${value}"`, { domain: 'user' });
  return port;
}

/** The platform's "open this URL" command. */
function browserOpener(url: string): { command: string; args: string[] } {
  if (process.platform === 'darwin') return { command: 'open', args: [url] };
  if (process.platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] };
  return { command: 'xdg-open', args: [url] };
}

/** Tries to open `url` in the system browser; only logs when it cannot. */
export function openBrowser(url: string, logger: Logger): void {
  const { command, args } = browserOpener(url);
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsHide: true });
    child.on('error', (error) => logger.warn(`could not open a browser (${command}: ${error.message}); open the URL above yourself`));
    child.unref();
  } catch (error) {
    logger.warn(`could not open a browser (${command}: ${error instanceof Error ? error.message : String(error)}); open the URL above yourself`);
  }
}

export const studioCommand: Command = {
  name: 'studio',
  summary: 'run the studio in your browser (127.0.0.1, token-protected)',
  help: HELP,
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        port: { type: 'string', default: '0' },
        'data-dir': { type: 'string', default: '.sluice' },
        open: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    const port = parsePort(values.port);
    const dataDir = resolve(values['data-dir']);
    const logger = consoleLogger('studio');
    const signal = listenForStopSignal();
    let host: EngineHost;
    let server: StudioServer;
    try {
      host = await EngineHost.open({ dataDir, logger });
    } catch (error) {
      signal.dispose();
      throw error;
    }
    try {
      server = await startStudioServer({ host, port, logger });
    } catch (error) {
      signal.dispose();
      await host.close();
      throw error;
    }
    if (!existsSync(join(DEFAULT_RENDERER_DIR, 'index.html'))) logger.warn('renderer not built: run npm run build:renderer (the page shows how until then)');
    console.log(`Sluice studio: ${server.url}`);
    if (values.open) openBrowser(server.url, logger);
    await signal.received;
    logger.info('shutting down');
    await server.close();
    await host.close();
    logger.info('stopped cleanly');
    return 0;
  },
};
