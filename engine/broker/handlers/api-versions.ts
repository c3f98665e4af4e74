/**
 * ApiVersions (key 18): the served API ranges. Requests at a version Sluice does not serve are
 * answered by the dispatcher with the v0 body and UNSUPPORTED_VERSION (KIP-511).
 */
import { API_KEYS, SUPPORTED_VERSIONS, type ApiVersion } from '../protocol/index.js';
import { defineHandler } from './handler.js';

export function servedApiVersions(): ApiVersion[] {
  return Object.entries(SUPPORTED_VERSIONS)
    .map(([key, range]) => ({ apiKey: Number(key), minVersion: range.min, maxVersion: range.max }))
    .sort((a, b) => a.apiKey - b.apiKey);
}

export const apiVersionsHandler = defineHandler({
  apiKey: API_KEYS.ApiVersions,
  async handle() {
    return { errorCode: 0, apiKeys: servedApiVersions(), throttleTimeMs: 0 };
  },
  failure: (_request, errorCode) => ({ errorCode, apiKeys: servedApiVersions() }),
});
