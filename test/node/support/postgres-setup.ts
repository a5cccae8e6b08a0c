import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL superuser's URL: test files create their own databases on it. */
    postgresUrl: string;
  }
}

/** One PostgreSQL server for the `server` project's tests, stopped when they end. */
export default async function setup(project: TestProject) {
  const postgres = await startTestPostgres();
  project.provide('postgresUrl', postgres.url);
  return () => postgres.stop();
}
