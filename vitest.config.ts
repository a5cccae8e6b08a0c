import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** Tests that need PostgreSQL (started once for all of them) or the real server. */
const SERVER_TESTS = ['test/node/store-contract*.test.ts', 'test/node/server*.test.ts'];

export default defineConfig({
  plugins: [react()],
  test: {
    // Vitest's default is one file per core but one: one at a time on a 2-core machine. The jsdom and
    // node files spend much of their time waiting on the app's own timers, so two at a time use such a
    // machine better. Server and browser files run one at a time (see there).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}', 'test/unit/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup.ts'],
          // A whole-app render takes well under a second alone, several on a loaded machine; the limit
          // only says when a test has hung (tests wait on what they see, never on a clock).
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['domain/**/*.test.ts', 'server/**/*.test.ts', 'mocks/**/*.test.ts', 'test/node/**/*.test.ts'],
          exclude: SERVER_TESTS,
          // The 100,000-user store tests compute for a second alone, far longer when the CPU is shared.
          testTimeout: 30_000,
        },
      },
      {
        // The real server's tests: stores over PGlite and PostgreSQL, `npm run serve` as a process.
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: SERVER_TESTS,
          globalSetup: ['test/node/support/server-global-setup.ts'],
          setupFiles: ['test/node/support/server-setup.ts'],
          // Their databases and folders are their own, so they could run side by side; but PGlite and
          // the spawned servers keep the CPU busy, and on a small, shared machine two at a time took as
          // long as one after the other while each test came close to its limit.
          fileParallelism: false,
          // Fifty concurrent clients over PGlite ran past 60 s on a 2-core machine at a load average of 16.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
