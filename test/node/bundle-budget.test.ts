import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, demoCodeIn, initialJs, INITIAL_JS_BUDGET, kB } from '../../scripts/bench-bundle';

/** The production build: small up front, and with no demo code in it (see README, "Decisions"). */
describe('the production build', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'console-build-'));
  beforeAll(() => buildConsole(outDir), 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it(`loads at most ${kB(INITIAL_JS_BUDGET)} of JS (gzip) up front: its entry and modulepreloads`, () => {
    const { files, gzipBytes } = initialJs(outDir);
    expect(files.length).toBeGreaterThan(0);
    expect(gzipBytes, `initial JS ${kB(gzipBytes)}: ${files.join(', ')}`).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
  });

  it('holds no MSW and no demo backend, not even in chunks loaded later', () => {
    const { allFiles } = initialJs(outDir);
    expect(demoCodeIn(outDir, allFiles)).toEqual([]);
  });
});
