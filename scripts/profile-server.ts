/**
 * `npx tsx scripts/profile-server.ts [anonymous|logged-in|writes] [requests]`: where the server's time
 * goes for one operation of `npm run bench:server`. Starts `npm run serve` (PGlite, demo dataset) with
 * V8's CPU profiler on, sends the operation with the same load generator (scripts/load-generator.ts, 8 concurrent clients), stops
 * the server and prints its JS time by function (self and inclusive, top 30) while the load ran, and
 * V8's garbage collections in that time (the server runs with --trace-gc), and the server's CPU time
 * per request (user + system, from /proc: steadier than requests per second on a shared machine).
 * PROFILE_NODE_ARGS adds Node options to the server's (space-separated), to compare e.g. the young
 * generation's size; PROFILE_GC_LINES=1 prints each collection; PROFILE_OUT=<file> keeps the profile.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appUserToken, signIn, startServerProcess, tempDataDir } from '../test/node/support/server';
import { runLoad, type LoadRequest } from './load-generator';
import { byFunction, top, type Profile } from './trace-summary';

const OPERATION = process.argv[2] ?? 'logged-in';
const REQUESTS = Number(process.argv[3] ?? 6_000);
const CLIENTS = 8;

const data = tempDataDir();
// The server serves a built console; these requests never ask for it, so a stand-in page will do.
const consoleDir = mkdtempSync(join(tmpdir(), 'profile-console-'));
mkdirSync(join(consoleDir, 'dist'));
writeFileSync(join(consoleDir, 'dist/index.html'), '<!doctype html><title>profile</title>');
const profiles = mkdtempSync(join(tmpdir(), 'profile-server-'));
const extraArgs = (process.env.PROFILE_NODE_ARGS ?? '').split(' ').filter(Boolean);
const server = await startServerProcess({ DATA_DIR: data.dir, SEED: 'demo' }, consoleDir, [
  '--cpu-prof',
  `--cpu-prof-dir=${profiles}`,
  '--trace-gc',
  ...extraArgs,
]);
const { url } = server;

const json = { 'content-type': 'application/json' };
const headers: Record<string, string> = { ...json };
if (OPERATION === 'logged-in') headers['user-token'] = await appUserToken(url, 'profile');
if (OPERATION === 'writes') headers.authorization = `Bearer ${await signIn(url)}`;
const values = ['grant', 'deny', null];
const request = (index: number): LoadRequest =>
  OPERATION === 'writes'
    ? {
        method: 'PUT',
        path: `/api/console/flows/fl_0001/permissions/users/u_${String((index % 250) + 1).padStart(6, '0')}`,
        headers,
        body: JSON.stringify({ value: values[Math.floor(index / 250) % values.length] }),
      }
    : {
        method: 'POST',
        path: '/api/automation/flow/activate-by-name',
        headers,
        body: JSON.stringify({ name: 'Send Welcome Email', initialData: {} }),
      };

// The profile's clock is the monotonic one, as hrtime's: the window is the load, not the start-up.
const microseconds = () => Number(process.hrtime.bigint() / 1000n);
// The server's CPU time (user + system, from /proc on Linux) per request: steadier than requests per
// second on a shared machine.
const cpuTimes = () => {
  const fields = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return { user: (Number(fields[11]) * 1000) / 100, system: (Number(fields[12]) * 1000) / 100 };
};
const cpuMs = () => {
  const { user, system } = cpuTimes();
  return user + system;
};
const timesBefore = cpuTimes();
const cpuBefore = cpuMs();
const outputBefore = server.output().length;
const windowStart = microseconds();
const { seconds, failures } = await runLoad(url, { clients: CLIENTS, count: REQUESTS, request });
if (failures) console.log(`${failures} requests failed`);
const windowEnd = microseconds();
const cpuDuring = cpuMs() - cpuBefore;
const timesAfter = cpuTimes();
const gcLines = server.output().slice(outputBefore).split('\n');
// --trace-gc names a collection; --trace-gc-nvp writes `gc=s` (scavenge) or `gc=mc` and its `pause=`.
const scavenges = gcLines.filter((line) => line.includes('Scavenge') || /\bgc=s\b/.test(line)).length;
const markCompacts = gcLines.filter((line) => /Mark-Compact|Mark-sweep|\bgc=mc\b/i.test(line)).length;
// With PROFILE_NODE_ARGS=--trace-gc-nvp each scavenge says how much was allocated since the last
// collection and how much of it survived: bytes per request, steadier than any timing.
const nvp = (field: string) =>
  gcLines.reduce((sum, line) => sum + Number(new RegExp(`\\b${field}=(\\d+)`).exec(line)?.[1] ?? 0), 0);
const allocated = nvp('allocated');
if (allocated > 0)
  console.log(
    `Allocated during the load: ${(allocated / REQUESTS / 1024).toFixed(1)} KB per request, ` +
      `${(nvp('promoted') / REQUESTS / 1024).toFixed(2)} KB per request promoted`,
  );
if (process.env.PROFILE_GC_LINES) console.log(gcLines.filter((line) => /Scavenge|Mark/.test(line)).join('\n'));
const gcMs =
  gcLines
    .map((line) => /: (?:Scavenge|Mark-Compact|Mark-sweep)[^,]*?, ([\d.]+) \/ [\d.]+ ms/i.exec(line)?.[1])
    .reduce((sum, ms) => sum + Number(ms ?? 0), 0) +
  gcLines.reduce((sum, line) => sum + Number(/\bpause=([\d.]+)/.exec(line)?.[1] ?? 0), 0);
server.child.kill('SIGINT');
await server.exited;
const file = readdirSync(profiles).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error('The server wrote no profile (did it stop on SIGINT?)');
const profile = JSON.parse(readFileSync(join(profiles, file), 'utf8')) as Profile;
// PROFILE_OUT keeps the profile (e.g. for Chromium's DevTools), with the load's window in microseconds.
if (process.env.PROFILE_OUT)
  writeFileSync(process.env.PROFILE_OUT, JSON.stringify({ ...profile, window: [windowStart, windowEnd] }));
const { inclusive, self } = byFunction([profile], [[windowStart, windowEnd]]);
console.log(
  `${OPERATION}: ${REQUESTS} requests in ${seconds.toFixed(1)} s (${(REQUESTS / seconds).toFixed(0)}/s), profile of the load only` +
    (extraArgs.length ? ` (server options: ${extraArgs.join(' ')})` : ''),
);
const perThousand = (ms: number) => ((ms / REQUESTS) * 1000).toFixed(0);
console.log(
  `Server CPU time (user + system): ${perThousand(cpuDuring)} ms per 1,000 requests ` +
    `(user ${perThousand(timesAfter.user - timesBefore.user)}, system ${perThousand(timesAfter.system - timesBefore.system)})`,
);
console.log(
  `GC during the load: ${scavenges} scavenges, ${markCompacts} mark-compacts, ${gcMs.toFixed(0)} ms ` +
    `(${((scavenges / REQUESTS) * 1000).toFixed(1)} scavenges and ${((gcMs / REQUESTS) * 1000).toFixed(1)} ms per 1,000 requests)`,
);
console.log('\nSelf, ms per 1,000 requests:');
console.log(top(self, 30, REQUESTS / 1000));
console.log('\nInclusive, ms per 1,000 requests:');
console.log(top(inclusive, 40, REQUESTS / 1000));
rmSync(profiles, { recursive: true, force: true });
data.remove();
rmSync(consoleDir, { recursive: true, force: true });
