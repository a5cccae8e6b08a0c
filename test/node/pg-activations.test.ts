import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activation } from '../../contract/access';
import { openPglite } from '../../server/node/db/pglite';
import type { Sql } from '../../server/node/db/sql';
import { flowId, generateSeed } from '../../server/seed/demo';
import { insertActivations } from '../../server/store/postgres/pg-activations';
import { initDatabase } from '../../server/store/postgres/pg-seed';

const attempt = (id: string, flow = flowId(0)): Activation => ({
  id,
  at: '2026-12-03T06:00:00.000Z',
  flowId: flow,
  user: null,
  roles: ['NotAuthenticatedUser'],
  channel: 'REST',
  sessionSource: null,
  decision: { value: 'grant', level: 'appWideSystemRole', role: 'NotAuthenticatedUser' },
  outcome: 'started',
  executionId: `ex_${id}`,
  byName: true,
});

describe('activation records over SQL (the runtime group commit)', () => {
  let sql: Sql;
  beforeAll(async () => {
    sql = await openPglite();
    await initDatabase(sql, generateSeed());
  }, 60_000);
  afterAll(() => sql.close());

  const kept = async () =>
    (
      await sql.query<{ id: string }>('SELECT body->>$2 AS id FROM activations WHERE flow_id = $1 ORDER BY seq', [
        flowId(0),
        'id',
      ])
    ).map((row) => row.id);
  const write = (ids: string[], flows: Record<string, string> = {}) =>
    insertActivations(
      sql,
      ids.map((id) => attempt(id, flows[id])),
      { keep: 5, pruneEvery: 4 },
    );

  it('writes a group in its order, drops attempts on an unknown flow, and keeps the newest when a number crosses the step', async () => {
    await write(['a1', 'a2', 'a3', 'a4']);
    expect(await kept()).toEqual(['a1', 'a2', 'a3', 'a4']);
    // Numbers 5 to 8: 8 crosses the step, so the flow keeps its newest 5.
    await write(['a5', 'a6', 'a7', 'a8']);
    expect(await kept()).toEqual(['a4', 'a5', 'a6', 'a7', 'a8']);
    // The attempt on a flow that is gone takes no number: 9 to 11, no crossing, nothing pruned.
    await write(['a9', 'gone', 'a10', 'a11'], { gone: 'fl_no_such_flow' });
    expect(await kept()).toEqual(['a4', 'a5', 'a6', 'a7', 'a8', 'a9', 'a10', 'a11']);
    await write(['a12', 'a13', 'a14', 'a15']);
    expect(await kept()).toEqual(['a11', 'a12', 'a13', 'a14', 'a15']);
    const generated = await sql.query<{ roles: string[]; by_name: boolean }>(
      'SELECT roles, by_name FROM activations WHERE body->>$1 = $2',
      ['id', 'a15'],
    );
    expect(generated).toEqual([{ roles: ['NotAuthenticatedUser'], by_name: true }]);
  });

  it("stores quotes, backslashes and other characters of a caller's data as they were", async () => {
    const tricky = { ...attempt('tricky'), roles: [`O'Brien's \\ "role" \n é 😀 $$ '); --`] };
    tricky.user = { id: 'u_1', name: `Ann \\' O'Hara`, email: "a'b@example.com" };
    await insertActivations(sql, [tricky], { keep: 5, pruneEvery: 4 });
    const [row] = await sql.query<{ body: Activation; roles: string[] }>(
      'SELECT body, roles FROM activations WHERE body->>$1 = $2',
      ['id', 'tricky'],
    );
    expect(row).toEqual({ body: tricky, roles: tricky.roles });
  });
});
