import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './support/stores';
import { startServerProcess, type ServerProcess } from './support/server';

/**
 * Activation records are written in groups (group commit), and each answer waits for its own
 * record: so a server killed with SIGKILL in the middle of a burst has stored every activation it
 * answered, whatever was still waiting in its queue.
 */

const CLIENTS = 16;
const FLOW = 'Send Welcome Email';

describe('kill -9 during a burst of activations', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServerProcess({ DATABASE_URL: database.url, SEED: 'demo' });
  });

  afterAll(async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server.exited;
    await database.drop();
  });

  it('loses no acknowledged activation record', async () => {
    const acknowledged: string[] = [];
    let killed = false;
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (!killed) {
        try {
          const response = await fetch(`${server.url}/api/automation/flow/activate-by-name`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: FLOW, initialData: {} }),
          });
          const body = (await response.json()) as { executionId?: string };
          expect(response.status).toBe(200);
          if (body.executionId) acknowledged.push(body.executionId);
        } catch {
          // The connection died with the server: this attempt was never acknowledged.
        }
        if (acknowledged.length >= 300 && !killed) {
          killed = true;
          server.child.kill('SIGKILL');
        }
      }
    });
    await Promise.all(clients);
    expect((await server.exited).signal).toBe('SIGKILL');
    const client = new pg.Client(database.url);
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>(
        "SELECT body->>'executionId' AS id FROM activations WHERE body->>'executionId' = ANY($1::text[])",
        [acknowledged],
      );
      const stored = new Set(rows.map((row) => row.id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    } finally {
      await client.end();
    }
  });
});
