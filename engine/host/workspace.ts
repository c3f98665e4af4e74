/**
 * The workspace folder `<dataDir>/pipelines/`: `pipelines.list` / `open` / `save`.
 *
 * Invariants: every path crossing the API is relative to the workspace, uses `/` separators, ends
 * in `.sluice.json` and has no empty, `.` or `..` segment — anything else is refused with
 * HOST_BAD_PATH before the file system is touched, so no call can read or write outside the
 * folder. Saves write the canonical text (serializePipeline) through a temporary file and a rename,
 * so a crash leaves the old file or the new one, never a mix. Listing walks subfolders (dot-folders
 * skipped) and names each file after its document's `name`, or its file name when it does not parse.
 */
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ParseResult, WorkspaceFile } from '../api/dto.js';
import { EngineError } from '../api/errors.js';
import { parsePipeline, serializePipeline, type PipelineDocument } from '../pipeline/document/index.js';
import { parsePipelineText } from './pipelines.js';

export const PIPELINE_SUFFIX = '.sluice.json';
const MAX_PATH_LENGTH = 1024;
const MAX_DEPTH = 8;

function badPath(path: string, why: string): EngineError {
  return new EngineError('HOST_BAD_PATH', `cannot use "${path}" as a workspace path: ${why}`, { domain: 'user' });
}

/** Checks a workspace-relative path; returns its segments or throws HOST_BAD_PATH. */
export function checkWorkspacePath(path: string): string[] {
  if (path.length === 0) throw badPath(path, 'it is empty');
  if (path.length > MAX_PATH_LENGTH) throw badPath(path.slice(0, 40) + '…', `it is longer than ${MAX_PATH_LENGTH} characters`);
  if (path.includes('\0')) throw badPath(path, 'it contains a NUL character');
  if (path.includes('\\')) throw badPath(path, 'use `/` to separate folders');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) throw badPath(path, 'it must be relative to the workspace folder, not absolute');
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) throw badPath(path, '`..` may not leave the workspace folder');
  if (segments.some((s) => s === '' || s === '.')) throw badPath(path, 'it has an empty or `.` segment');
  if (segments.length > MAX_DEPTH) throw badPath(path, `it is nested deeper than ${MAX_DEPTH} levels`);
  const file = segments[segments.length - 1] ?? '';
  if (!file.endsWith(PIPELINE_SUFFIX) || file.length === PIPELINE_SUFFIX.length) throw badPath(path, `a pipeline file name ends in ${PIPELINE_SUFFIX}`);
  return segments;
}

export class Workspace {
  constructor(readonly dir: string) {}

  async list(): Promise<WorkspaceFile[]> {
    const files: WorkspaceFile[] = [];
    await this.walk([], files);
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }

  async open(path: string): Promise<ParseResult & { path: string; text: string }> {
    const segments = checkWorkspacePath(path);
    let text: string;
    try {
      text = await readFile(join(this.dir, ...segments), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') {
        throw new EngineError('HOST_FILE_NOT_FOUND', `there is no pipeline "${path}" in the workspace`, { domain: 'user', cause: error });
      }
      throw new EngineError('HOST_FILE_UNREADABLE', `cannot read "${path}": ${(error as Error).message}`, { domain: 'external', cause: error });
    }
    return { path, text, ...parsePipelineText(text) };
  }

  async save(path: string, doc: PipelineDocument): Promise<{ path: string; text: string }> {
    const segments = checkWorkspacePath(path);
    const target = join(this.dir, ...segments);
    const text = serializePipeline(doc);
    const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
    try {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(temp, text, 'utf8');
      await rename(temp, target);
    } catch (error) {
      throw new EngineError('HOST_FILE_UNWRITABLE', `cannot save "${path}": ${(error as Error).message}`, { domain: 'external', cause: error });
    }
    return { path, text };
  }

  private async walk(segments: string[], out: WorkspaceFile[]): Promise<void> {
    if (segments.length >= MAX_DEPTH) return;
    let entries;
    try {
      entries = await readdir(join(this.dir, ...segments), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const relative = [...segments, entry.name];
      if (entry.isDirectory()) await this.walk(relative, out);
      else if (entry.isFile() && entry.name.endsWith(PIPELINE_SUFFIX) && entry.name.length > PIPELINE_SUFFIX.length) {
        out.push(await this.describe(relative));
      }
    }
  }

  private async describe(segments: string[]): Promise<WorkspaceFile> {
    const full = join(this.dir, ...segments);
    const [info, text] = await Promise.all([stat(full), readFile(full, 'utf8')]);
    const parsed = parsePipeline(text);
    const fileName = segments[segments.length - 1] ?? '';
    return {
      path: segments.join('/'),
      name: parsed.ok ? parsed.doc.name : fileName.slice(0, -PIPELINE_SUFFIX.length),
      modifiedMs: info.mtimeMs,
    };
  }
}
