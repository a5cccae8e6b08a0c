import type { TestProject } from 'vitest/node';
import { shareConsoleBuild } from '../node/support/console-build';
import { assertChromium, launchChromium } from './chromium';
import { startDevServer } from './dev-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /**
     * A folder whose `dist/` holds the console's production build, when this run builds one anyway
     * (the `server` project runs too); '' otherwise, and a test that needs one builds it.
     */
    browserConsoleDir: string;
  }
}

/** One dev server for all browser tests, warmed up once so no test waits for Vite's first compile. */
export default async function setup(project: TestProject) {
  assertChromium();
  const withServerProject = project.vitest.projects.some((other) => other.name === 'server');
  const [{ server, url }, build] = await Promise.all([
    startDevServer(),
    withServerProject ? shareConsoleBuild() : Promise.resolve(undefined),
  ]);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByRole('heading', { name: 'Flow Manager' }).waitFor({ timeout: 90_000 });
  } finally {
    await browser.close();
  }
  project.provide('baseUrl', url);
  project.provide('browserConsoleDir', build?.dir ?? '');
  return async () => {
    build?.release();
    await server.close();
  };
}
