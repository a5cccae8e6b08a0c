import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { startServerProcess, type ServerProcess } from '../node/support/server';

export { ADMIN } from '../node/support/server';

/**
 * `npm run serve` for browser tests: the production build in a folder of its own (the work tree's
 * `dist/` is left alone), and the server run from there as its own process, so it can be killed.
 */
export async function buildConsole(): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'flow-console-serve-'));
  await build({ configFile: 'vite.config.ts', logLevel: 'error', build: { outDir: join(dir, 'dist'), emptyOutDir: true } });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the server in `dir` (whose `dist/` it serves); `env` adds to the test defaults (see spawnServer). */
export function serveFrom(dir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServerProcess(env, dir);
}

export async function signInThroughForm(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
