/**
 * The error of a document that cannot run (PIP_INVALID): names the first error's node and field
 * and carries every diagnostic, errors first.
 */
import type { Diagnostic } from '../../api/diagnostic.js';
import { EngineError } from '../../api/errors.js';

/** A document that cannot run: carries the diagnostics (errors first). */
export class PipelineInvalidError extends EngineError {
  constructor(readonly diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    const where = first?.nodeId === undefined ? '' : ` at node "${first.nodeId}"${first.field === undefined ? '' : ` field "${first.field}"`}`;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    super('PIP_INVALID', `pipeline has errors: ${first?.code ?? 'PIP_INVALID'}${where}: ${first?.message ?? 'invalid document'}${more}`, {
      domain: 'user',
      ...(first?.nodeId === undefined ? {} : { nodeId: first.nodeId }),
    });
  }
}
