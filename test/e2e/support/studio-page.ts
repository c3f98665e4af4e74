/**
 * One studio per scenario: `useStudio` registers hooks that start a `sluice studio`, open it in a
 * fresh browser context (downloads accepted, a fixed viewport), wait for the canvas, and tear both
 * down afterwards. Page errors and console errors are collected, so a failure can show them, and a
 * failing test leaves a screenshot named after it.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openStudio, screenshot } from './browser.js';
import { startStudio, type StudioProcess } from './studio-process.js';

export interface StudioSession {
  studio: StudioProcess;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors, in order. */
  errors: string[];
}

/** Hooks for one describe block; the returned getter is valid inside its tests. */
export function useStudio(getBrowser: () => Browser, name: string): () => StudioSession {
  let session: StudioSession | undefined;
  beforeAll(async () => {
    const studio = await startStudio(name);
    try {
      session = { studio, ...(await openStudio(getBrowser(), studio)) };
    } catch (error) {
      await studio.stop();
      throw error;
    }
  });
  afterEach(async ({ task }) => {
    if (session !== undefined && task.result?.state === 'fail') {
      await screenshot(session.page, `failed-${name}-${task.name.replace(/[^\w-]+/g, '_').slice(0, 60)}`);
      if (session.errors.length > 0) console.error(`${name}: browser errors:\n${session.errors.join('\n')}`);
    }
  });
  afterAll(async () => {
    await session?.context.close();
    await session?.studio.stop();
  });
  return () => {
    if (session === undefined) throw new Error(`the ${name} studio did not start`);
    return session;
  };
}
