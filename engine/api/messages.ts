/**
 * The envelope both transports carry (WebSocket frames as JSON text, Electron MessagePort as
 * structured clones): requests from the studio, responses and events from the engine.
 *
 * Invariants: every request gets exactly one response with its id; an error response carries the
 * EngineError's code, domain, retriable flag and node id, so the studio can show who is at fault.
 */
import { z } from 'zod';

export const requestMessageSchema = z.object({
  type: z.literal('request'),
  id: z.number().int(),
  method: z.string(),
  params: z.unknown(),
});
export type RequestMessage = z.infer<typeof requestMessageSchema>;

export const errorPayloadSchema = z.object({
  code: z.string(),
  message: z.string(),
  domain: z.enum(['user', 'external', 'internal']),
  retriable: z.boolean(),
  nodeId: z.string().optional(),
});
export type ErrorPayload = z.infer<typeof errorPayloadSchema>;

export const responseMessageSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(false), error: errorPayloadSchema }),
]);
export type ResponseMessage = z.infer<typeof responseMessageSchema>;

export const eventMessageSchema = z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() });
export type EventMessage = z.infer<typeof eventMessageSchema>;

export const engineToClientSchema = z.union([responseMessageSchema, eventMessageSchema]);
export type EngineToClientMessage = z.infer<typeof engineToClientSchema>;

/** Error codes of the API layer itself (method-specific codes come from the engine parts). */
export const API_ERROR_CODES = {
  unknownMethod: 'API_UNKNOWN_METHOD',
  badParams: 'API_BAD_PARAMS',
  badMessage: 'API_BAD_MESSAGE',
  disconnected: 'API_DISCONNECTED',
  internal: 'API_INTERNAL',
} as const;
