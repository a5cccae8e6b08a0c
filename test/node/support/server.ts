import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readConfig, type ServerConfig } from '../../../server/node/config';
import { startServer, type RunningServer } from '../../../server/node/start';
import type { SeedData } from '../../../server/seed/demo';
import { testHasher } from './backend';

export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery staple' } as const;
export const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * The production build of the console in a folder of its own (`<dir>/dist`), so tests never touch the
 * work tree's `dist/`. A server started with `cwd: dir` (or `distDir: <dir>/dist`) serves it.
 */
export async function buildConsole(): Promise<{ dir: string; remove(): void }> {
  const { build } = await import('vite');
  const dir = mkdtempSync(join(tmpdir(), 'flow-console-build-'));
  await build({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir: join(dir, 'dist'), emptyOutDir: true },
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

let consoleDir = ROOT;
/** Where servers started from here find `dist/`: a `buildConsole()` folder (the default is the work tree). */
export function serveBuildFrom(dir: string): void {
  consoleDir = dir;
}

/** A fresh temporary DATA_DIR, removed by `remove`. */
export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'flow-console-data-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { ...readConfig({ PORT: '0', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }, consoleDir), ...overrides };
}

/** The real server in this process, quiet, with fast password hashing. */
export function startTestServer(overrides: Partial<ServerConfig>, seed?: SeedData | null): Promise<RunningServer> {
  return startServer(testConfig(overrides), {
    hasher: testHasher,
    log: () => undefined,
    ...(seed === undefined ? {} : { seed }),
  });
}

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Calls the API over HTTP; `token` becomes `Authorization: Bearer <token>`. */
export async function call(
  url: string,
  method: string,
  path: string,
  { body, token, headers = {} }: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await fetch(url + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

export async function signIn(url: string, credentials: { email: string; password: string } = ADMIN): Promise<string> {
  const answer = await call(url, 'POST', '/api/console/auth/sign-in', { body: credentials });
  if (answer.status !== 200) throw new Error(`Sign-in failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return (answer.body as { token: string }).token;
}

/** Registers a new app user (`<prefix>-<time>@example.com`) and logs in: their `user-token`. */
export async function appUserToken(url: string, prefix = 'app-user'): Promise<string> {
  const email = `${prefix}-${Date.now()}@example.com`;
  const password = `${prefix}-password-1`;
  const json = { 'content-type': 'application/json' };
  await fetch(`${url}/api/users/register`, { method: 'POST', headers: json, body: JSON.stringify({ email, password }) });
  const login = await fetch(`${url}/api/users/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ login: email, password }),
  });
  return ((await login.json()) as { 'user-token': string })['user-token'];
}

/** The console session's Set-Cookie of an answer (sign-in also sets a `known_client` cookie). */
export const sessionCookieOf = (headers: Headers) =>
  headers.getSetCookie().find((cookie) => cookie.startsWith('flow_console_session='));

/**
 * Signs in as the console does (with its `X-Requested-With` header): `cookie` is the session cookie as
 * a `Cookie` header's value, `token` the same session for `Authorization: Bearer`.
 */
export async function signInWithCookie(
  url: string,
  credentials: { email: string; password: string } = ADMIN,
): Promise<{ token: string; cookie: string }> {
  const answer = await call(url, 'POST', '/api/console/auth/sign-in', {
    body: credentials,
    headers: { 'x-requested-with': 'flow-console' },
  });
  if (answer.status !== 200) throw new Error(`Sign-in failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  const cookie = sessionCookieOf(answer.headers)?.split(';')[0] ?? '';
  return { token: (answer.body as { token: string }).token, cookie };
}

/** `npm run serve` as its own process (`node --import tsx server/main.ts`), so it can be killed for real. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with the exit code (or signal) once it has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `wrapper` runs the server through another command, e.g. `['unshare', '--net', '--']`; `nodeArgs` are
 * Node's own options, e.g. `['--cpu-prof']`.
 */
export function spawnServer(
  env: Record<string, string>,
  cwd = consoleDir,
  wrapper: readonly string[] = [],
  nodeArgs: readonly string[] = [],
): { child: ChildProcess; output(): string; exited: ServerProcess['exited'] } {
  const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const [command = process.execPath, ...args] = [
    ...wrapper,
    process.execPath,
    ...nodeArgs,
    '--import',
    tsx,
    join(ROOT, 'server/main.ts'),
  ];
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, PORT: '0', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Spawns the server and waits for its `Listening on http://…` line. */
export async function startServerProcess(
  env: Record<string, string>,
  cwd = consoleDir,
  nodeArgs: readonly string[] = [],
): Promise<ServerProcess> {
  const spawned = spawnServer(env, cwd, [], nodeArgs);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Listening on (http:\/\/\S+)/.exec(spawned.output());
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 50);
    void spawned.exited.then(({ code, signal }) => {
      clearInterval(timer);
      reject(new Error(`The server exited (${code ?? signal}) before listening:\n${spawned.output()}`));
    });
  });
  return { ...spawned, url };
}
