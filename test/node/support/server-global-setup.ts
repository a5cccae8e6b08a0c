import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres';
import { shareConsoleBuild } from './console-build';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL superuser's URL: test files create their own databases on it. */
    postgresUrl: string;
    /** A folder holding the console's production build in `dist/`, for the servers the tests start. */
    consoleDir: string;
  }
}

/** For the `server` project: one PostgreSQL server and one build of the console, both gone at the end. */
export default async function setup(project: TestProject) {
  const [postgres, built] = await Promise.all([startTestPostgres(), shareConsoleBuild()]);
  project.provide('postgresUrl', postgres.url);
  project.provide('consoleDir', built.dir);
  return async () => {
    built.release();
    await postgres.stop();
  };
}
