/**
 * engine/api: the EngineApi contract — methods, events, DTOs, zod schemas, error codes and the
 * EngineClient. The only part of the engine the renderer may import; imports nothing else of it.
 */
export * from './errors.js';
export * from './diagnostic.js';
export * from './pipeline-document.js';
export * from './dto.js';
export * from './contract.js';
export * from './messages.js';
export * from './client.js';
