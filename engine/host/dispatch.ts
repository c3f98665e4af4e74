/**
 * The host-side dispatcher of the EngineApi (DESIGN.md §1): turns one request message into exactly
 * one response message. Shared by every transport (WebSocket in `sluice studio`, Electron's
 * MessagePort later), so both answer malformed requests, unknown methods and bad parameters alike.
 *
 * Invariants: parameters are validated with the contract's zod schema before a handler runs (the
 * handler sees defaults applied); an EngineError keeps its code, domain, retriable flag and node id;
 * any other exception becomes API_INTERNAL and is logged with the method name; a message without a
 * usable id cannot be answered and is only logged. `dispatchRequest` never throws.
 */
import type { z } from 'zod';
import { ENGINE_METHODS, isEngineMethod, type EngineMethod } from '../api/contract.js';
import { isEngineError } from '../api/errors.js';
import { API_ERROR_CODES, requestMessageSchema, type ErrorPayload, type ResponseMessage } from '../api/messages.js';
import type { Logger } from '../util/logger.js';

/** Calls the handler of `method` with validated parameters. */
export type Invoke = (method: EngineMethod, params: unknown) => Promise<unknown>;

export interface DispatchOptions {
  logger: Logger;
  /**
   * Also check each result against the contract's result schema (tests turn this on; a mismatch is
   * a Sluice bug and answers API_INTERNAL).
   */
  checkResults?: boolean;
}

/** `a.b[0].c: message` for each zod issue, joined with `; `. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`)).join('');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}

function failure(id: number, error: ErrorPayload): ResponseMessage {
  return { type: 'response', id, ok: false, error };
}

const userError = (code: string, message: string): ErrorPayload => ({ code, message, domain: 'user', retriable: false });

/** Answers one request message; resolves to undefined only when the message carries no id to answer. */
export async function dispatchRequest(raw: unknown, invoke: Invoke, options: DispatchOptions): Promise<ResponseMessage | undefined> {
  const request = requestMessageSchema.safeParse(raw);
  if (!request.success) {
    const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    const detail = describeIssues(request.error);
    if (typeof id !== 'number' || !Number.isInteger(id)) {
      options.logger.warn(`ignored a message that is not an EngineApi request: ${detail}`);
      return undefined;
    }
    return failure(id, userError(API_ERROR_CODES.badMessage, `not an EngineApi request: ${detail}`));
  }
  const { id, method, params } = request.data;
  if (!isEngineMethod(method)) return failure(id, userError(API_ERROR_CODES.unknownMethod, `unknown method "${method}"`));
  const parsed = ENGINE_METHODS[method].params.safeParse(params ?? {});
  if (!parsed.success) return failure(id, userError(API_ERROR_CODES.badParams, `bad parameters for ${method}: ${describeIssues(parsed.error)}`));
  try {
    const result = await invoke(method, parsed.data);
    if (options.checkResults) {
      const checked = ENGINE_METHODS[method].result.safeParse(result);
      if (!checked.success) throw new Error(`the result of ${method} breaks the contract: ${describeIssues(checked.error)}`);
    }
    return { type: 'response', id, ok: true, result };
  } catch (error) {
    if (isEngineError(error)) {
      const payload: ErrorPayload = { code: error.code, message: error.message, domain: error.domain, retriable: error.retriable };
      if (error.nodeId !== undefined) payload.nodeId = error.nodeId;
      return failure(id, payload);
    }
    options.logger.error(`${method} failed unexpectedly`, error);
    const message = error instanceof Error ? error.message : String(error);
    return failure(id, { code: API_ERROR_CODES.internal, message: `${method} failed (a bug in Sluice): ${message}`, domain: 'internal', retriable: false });
  }
}
