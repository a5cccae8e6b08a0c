import type { Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../node/support/server';

export { ADMIN, buildConsole } from '../node/support/server';

/** Runs the server in `dir` (whose `dist/` it serves); `env` adds to the test defaults (see spawnServer). */
export function serveFrom(dir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServerProcess(env, dir);
}

export async function signInThroughForm(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
