/**
 * The served console for `npm run bench`: the production build served by the real server (PGlite, the
 * demo dataset at the size asked for, see bench-serve.ts) as its own process, and a sign-in through
 * the console's own form.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
export const BENCH_ADMIN = { email: 'admin@example.com', password: 'bench: a long enough secret' } as const;

export interface ServedConsole {
  url: string;
  stop(): Promise<void>;
}

/** Starts the server on a new PGlite database in a temporary DATA_DIR, serving `consoleDir/dist`. */
export async function startServedConsole(consoleDir: string, users: number, flows: number): Promise<ServedConsole> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-served-data-'));
  const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', tsx, join(ROOT, 'scripts/bench-serve.ts')], {
    cwd: consoleDir,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: '0',
      DATA_DIR: dataDir,
      SEED: 'demo',
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      BENCH_SEED_USERS: String(users),
      BENCH_SEED_FLOWS: String(flows),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((found, fail) => {
    const timer = setInterval(() => {
      const match = /Listening on (http:\/\/\S+)/.exec(output);
      if (!match?.[1]) return;
      clearInterval(timer);
      found(match[1]);
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      fail(new Error(`The server exited before listening:\n${output}`));
    });
  });
  return {
    url: `${url}/`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the console; signs in through its form (Email, Password, Sign in) when it asks. */
export async function openServed(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const flow = page.getByRole('listitem', { name: 'Send Welcome Email' });
  const signIn = page.getByRole('button', { name: 'Sign in' });
  await flow.or(signIn).first().waitFor({ timeout: 60_000 });
  if (await signIn.isVisible()) {
    await page.getByLabel('Email').fill(BENCH_ADMIN.email);
    await page.getByLabel('Password').fill(BENCH_ADMIN.password);
    await signIn.click();
    await flow.waitFor({ timeout: 60_000 });
  }
}
