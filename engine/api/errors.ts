/**
 * The one error type the engine reports across its API (DESIGN.md §5).
 *
 * `domain` says who is at fault: `user` (bad input, a fixable mistake), `external` (a peer, the disk,
 * the network) or `internal` (a bug in Sluice). `retriable` says whether the same call may succeed
 * later unchanged. Codes are stable strings; UIs and tests match on them, never on messages.
 */
export type ErrorDomain = 'user' | 'external' | 'internal';

export interface EngineErrorOptions {
  domain: ErrorDomain;
  retriable?: boolean;
  nodeId?: string;
  cause?: unknown;
}

export class EngineError extends Error {
  readonly code: string;
  readonly domain: ErrorDomain;
  readonly retriable: boolean;
  readonly nodeId?: string;

  constructor(code: string, message: string, options: EngineErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EngineError';
    this.code = code;
    this.domain = options.domain;
    this.retriable = options.retriable ?? false;
    if (options.nodeId !== undefined) this.nodeId = options.nodeId;
  }
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof EngineError;
}
