import { ConfigError, readConfig } from './node/config';
import { DataDirLockedError, DataDirUnusableError } from './node/data-dir-lock';
import { startServer, StartError } from './node/start';

/**
 * `npm run serve`. Settings come from the environment (README: "Running the server"); SIGTERM and
 * SIGINT stop it cleanly: no new requests, those in flight answered, the database closed.
 */
async function main(): Promise<void> {
  const server = await startServer(readConfig(process.env));
  console.log(`Listening on ${server.url}`);
  const stop = (signal: string) => {
    console.log(`${signal}: stopping`);
    server.stop().then(
      () => {
        console.log('Stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  const known =
    error instanceof ConfigError ||
    error instanceof StartError ||
    error instanceof DataDirLockedError ||
    error instanceof DataDirUnusableError;
  console.error(known ? `Cannot start: ${error.message}` : error);
  process.exit(1);
});
