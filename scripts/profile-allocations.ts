/**
 * `npx tsx scripts/profile-allocations.ts [anonymous|logged-in] [requests]`: what the server allocates
 * per activate-by-name call, by function. Runs `npm run serve`'s server (PGlite, demo dataset) in this
 * process with the load generator of the bench (8 clients), and V8's sampling heap profiler on,
 * objects that scavenges and mark-compacts collected included. Samples whose stack passes through
 * the load generator are left out. Bytes per call are a sample estimate (one sample every 512 bytes):
 * steadier than any timing on a shared machine.
 */
import { Session } from 'node:inspector/promises';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../server/node/config';
import { startServer } from '../server/node/start';
import { appUserToken } from '../test/node/support/server';
import { runLoad, type LoadRequest } from './load-generator';

interface SampleNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SampleNode[];
}

const OPERATION = process.argv[2] ?? 'logged-in';
const REQUESTS = Number(process.argv[3] ?? 6_000);
const CLIENTS = 8;

const dir = mkdtempSync(join(tmpdir(), 'profile-allocations-'));
mkdirSync(join(dir, 'dist'));
writeFileSync(join(dir, 'dist/index.html'), '<!doctype html><title>profile</title>');
const server = await startServer(
  readConfig({ PORT: '0', DATA_DIR: join(dir, 'data'), SEED: 'demo', ADMIN_PASSWORD: 'profile-admin-1' }, dir),
  { log: () => {} },
);
const { url } = server;
const json = { 'content-type': 'application/json' };
const headers: Record<string, string> = { ...json };
if (OPERATION === 'logged-in') headers['user-token'] = await appUserToken(url, 'profile');
const request = (): LoadRequest => ({
  method: 'POST',
  path: '/api/automation/flow/activate-by-name',
  headers,
  body: JSON.stringify({ name: 'Send Welcome Email', initialData: {} }),
});

const load = async (count: number) => {
  const { failures } = await runLoad(url, { clients: CLIENTS, count, request });
  if (failures) throw new Error(`${failures} requests failed`);
};
await load(2_000);
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 512,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
await load(REQUESTS);
const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: SampleNode } };
session.disconnect();
await server.stop();
rmSync(dir, { recursive: true, force: true });

const bySelf = new Map<string, number>();
const byFile = new Map<string, number>();
let serverBytes = 0;
let generatorBytes = 0;
const name = (node: SampleNode) =>
  `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop() ?? ''}:${node.callFrame.lineNumber + 1}`;
// PROFILE_CALLERS=1: each function with its caller, to tell e.g. one `Map` from another.
const withCallers = Boolean(process.env.PROFILE_CALLERS);
const walk = (node: SampleNode, inGenerator: boolean, parent = '') => {
  const generator = inGenerator || node.callFrame.url.includes('load-generator');
  if (generator) generatorBytes += node.selfSize;
  else if (node.selfSize > 0) {
    serverBytes += node.selfSize;
    const key = withCallers ? `${name(node)} ← ${parent}` : name(node);
    bySelf.set(key, (bySelf.get(key) ?? 0) + node.selfSize);
    const file =
      node.callFrame.url
        .replace(/^.*node_modules\//, '')
        .split('/')
        .slice(0, 2)
        .join('/') || '(native)';
    byFile.set(file, (byFile.get(file) ?? 0) + node.selfSize);
  }
  for (const child of node.children) walk(child, generator, name(node));
};
walk(profile.head, false);
const kb = (bytes: number) => (bytes / REQUESTS / 1024).toFixed(2);
console.log(
  `${OPERATION}: ${REQUESTS} activate-by-name calls, server ${kb(serverBytes)} KB allocated per call ` +
    `(load generator ${kb(generatorBytes)} KB, left out)`,
);
console.log('Self, KB per call:');
for (const [key, bytes] of [...bySelf].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${kb(bytes).padStart(8)}  ${key}`);
console.log('By file (a package: its first two path parts), KB per call:');
for (const [file, bytes] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`${kb(bytes).padStart(8)}  ${file}`);
