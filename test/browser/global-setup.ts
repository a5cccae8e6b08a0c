import type { TestProject } from 'vitest/node';
import { assertChromium, launchChromium } from './chromium';
import { startDevServer } from './dev-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** One dev server for all browser tests, warmed up once so no test waits for Vite's first compile. */
export default async function setup(project: TestProject) {
  assertChromium();
  const { server, url } = await startDevServer();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByRole('heading', { name: 'Flow Manager' }).waitFor({ timeout: 90_000 });
  } finally {
    await browser.close();
  }
  project.provide('baseUrl', url);
  return async () => {
    await server.close();
  };
}
