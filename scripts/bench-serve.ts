/**
 * `npm run serve` with a demo dataset of another size, for `npm run bench`: the same startServer,
 * configuration and build, only the new database gets `generateSeed({ users, flows })` with
 * BENCH_SEED_USERS users and BENCH_SEED_FLOWS flows instead of the default demo size (300 and 12).
 * The server's own SEED setting has no size: this launcher is how the bench gets 100,000 users.
 */
import { readConfig } from '../server/node/config';
import { startServer } from '../server/node/start';
import { generateSeed } from '../server/seed/demo';

const users = Number(process.env.BENCH_SEED_USERS ?? 300);
const flows = Number(process.env.BENCH_SEED_FLOWS ?? 12);
const server = await startServer(readConfig(process.env), { seed: generateSeed({ users, flows }) });
console.log(`Listening on ${server.url}`);
process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
