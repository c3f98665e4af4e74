/**
 * `templates.list` / `templates.instantiate`: the starter pipelines under `templates/<slug>/`
 * (pipeline.sluice.json, README.md, fixtures/, expected/) at the package root — found relative to
 * this module, never the working directory, so `sluice studio` works from anywhere.
 *
 * Invariants: a template's title is its README's first `# ` heading (else the slug); its
 * description is the pipeline's `description`, else the README's first paragraph. A folder whose
 * pipeline does not parse is left out of the list (and logged), never fatal. Slugs are folder names
 * of letters, digits, `-` and `_` only, so a slug can never reach outside the templates folder.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateSummary } from '../api/dto.js';
import { EngineError } from '../api/errors.js';
import { parsePipeline, type PipelineDocument } from '../pipeline/document/index.js';
import type { Logger } from '../util/logger.js';

/** `templates/` at the package root (this file is engine/host/templates.ts). */
export const DEFAULT_TEMPLATES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

const SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const PIPELINE_FILE = 'pipeline.sluice.json';
const README_FILE = 'README.md';

/** The first `# ` heading of a Markdown text. */
export function readmeTitle(markdown: string): string | undefined {
  for (const line of markdown.split(/\r?\n/)) {
    const match = /^#\s+(.+?)\s*#*\s*$/.exec(line);
    if (match?.[1] !== undefined) return match[1];
  }
  return undefined;
}

/** The first paragraph of prose after the title: consecutive non-blank lines that are not headings, lists, code or quotes. */
export function readmeFirstParagraph(markdown: string): string | undefined {
  const lines = markdown.split(/\r?\n/);
  let inFence = false;
  const paragraph: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.startsWith('```')) {
      inFence = !inFence;
      if (paragraph.length > 0) break;
      continue;
    }
    if (inFence) continue;
    const prose = trimmed !== '' && !/^(#|[-*+]\s|\d+\.\s|>|\||<!--)/.test(trimmed);
    if (prose) paragraph.push(trimmed);
    else if (paragraph.length > 0) break;
  }
  return paragraph.length > 0 ? paragraph.join(' ') : undefined;
}

interface LoadedTemplate {
  summary: TemplateSummary;
  doc: PipelineDocument;
  readme: string;
}

function notFound(slug: string): EngineError {
  return new EngineError('HOST_TEMPLATE_NOT_FOUND', `there is no template "${slug}"`, { domain: 'user' });
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export class TemplateStore {
  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
  ) {}

  async list(): Promise<TemplateSummary[]> {
    let entries: string[];
    try {
      entries = (await readdir(this.dir, { withFileTypes: true })).filter((e) => e.isDirectory() && SLUG.test(e.name)).map((e) => e.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const templates: TemplateSummary[] = [];
    for (const slug of entries.sort()) {
      try {
        const loaded = await this.load(slug);
        if (loaded !== undefined) templates.push(loaded.summary);
      } catch (error) {
        if (!(error instanceof EngineError)) throw error;
        this.logger.warn(`template "${slug}" left out: ${error.message}`);
      }
    }
    return templates;
  }

  async instantiate(slug: string): Promise<{ doc: PipelineDocument; readme: string }> {
    if (!SLUG.test(slug)) throw notFound(slug);
    const loaded = await this.load(slug);
    if (loaded === undefined) throw notFound(slug);
    return { doc: loaded.doc, readme: loaded.readme };
  }

  /** The template in folder `slug`, or undefined when it has no pipeline file; EngineError when it does not parse. */
  private async load(slug: string): Promise<LoadedTemplate | undefined> {
    const folder = join(this.dir, slug);
    const text = await readOptional(join(folder, PIPELINE_FILE));
    if (text === undefined) return undefined;
    const parsed = parsePipeline(text);
    if (!parsed.ok) {
      const first = parsed.diagnostics[0]?.message ?? 'invalid document';
      throw new EngineError('HOST_TEMPLATE_INVALID', `template "${slug}" has an invalid ${PIPELINE_FILE}: ${first}`, { domain: 'internal' });
    }
    const readme = (await readOptional(join(folder, README_FILE))) ?? '';
    const doc = parsed.doc;
    return {
      doc,
      readme,
      summary: {
        slug,
        title: readmeTitle(readme) ?? slug,
        description: doc.description ?? readmeFirstParagraph(readme) ?? '',
        kinds: [...new Set(doc.nodes.map((node) => node.kind))],
      },
    };
  }
}
