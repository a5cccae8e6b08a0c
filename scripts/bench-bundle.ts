import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

/** The budget of the JS that the production index.html loads (its entry and modulepreloads), gzip. */
export const INITIAL_JS_BUDGET = 130 * 1024;

/** Strings that only the demo's code holds: MSW, the demo backend (Hono app, seed, memory store). */
export const DEMO_MARKERS = ['mockServiceWorker', '[MSW]', 'Send Welcome Email', 'No such endpoint', 'user-index:slice'];

/** Builds the console (`mode` production, or demo) into `outDir`, quietly; `minify: false` keeps functions' names for a trace. */
export async function buildConsole(
  outDir: string,
  mode: 'production' | 'demo' = 'production',
  { minify = true }: { minify?: boolean } = {},
): Promise<void> {
  // Vite keeps a NODE_ENV it finds set (Vitest sets "test"), and React would then build for development.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'vite.config.ts', mode, logLevel: 'error', build: { outDir, emptyOutDir: true, minify } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

export interface InitialJs {
  /** The JS files index.html loads: the entry script and every modulepreload. */
  files: string[];
  gzipBytes: number;
  /** Every JS file of the build (loaded at once or later). */
  allFiles: string[];
}

/** What a built index.html makes the browser load up front, gzip-measured (level 9, as a server would). */
export function initialJs(outDir: string): InitialJs {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  const files = tags
    .filter((tag) => /type="module"/.test(tag) || /rel="modulepreload"/.test(tag))
    .map((tag) => /(?:src|href)="([^"]+\.js)"/.exec(tag)?.[1])
    .filter((file): file is string => file !== undefined)
    .map((file) => file.replace(/^\.?\//, ''));
  const gzipBytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length, 0);
  const allFiles = readdirSync(join(outDir, 'assets'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => `assets/${file}`);
  return { files, gzipBytes, allFiles };
}

/** The demo markers found in the given built files. */
export function demoCodeIn(outDir: string, files: readonly string[]): string[] {
  const found = new Set<string>();
  for (const file of files) {
    const code = readFileSync(join(outDir, file), 'utf8');
    for (const marker of DEMO_MARKERS) if (code.includes(marker)) found.add(`${file}: ${marker}`);
  }
  return [...found];
}

export const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

/** The page of bare baselines (scripts/bench-baseline/) that the console is measured against. */
export async function buildBaseline(outDir: string): Promise<void> {
  await build({
    root: 'scripts/bench-baseline',
    configFile: false,
    base: './',
    plugins: [react()],
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}
