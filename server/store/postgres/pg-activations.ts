import type { Activation } from '../../access/activation-store';
import type { Queryable } from '../../node/db/sql';

/**
 * Activation attempts in one INSERT (the runtime's group commit), in their order; attempts on a flow
 * deleted meanwhile are dropped. Each flow keeps its newest `keep` attempts: the flow of an attempt
 * whose number is a multiple of `pruneEvery` has its older attempts deleted.
 */
export async function insertActivations(
  db: Queryable,
  activations: readonly Activation[],
  { keep, pruneEvery }: { keep: number; pruneEvery: number },
): Promise<void> {
  if (activations.length === 0) return;
  // Only the flows to prune come back (almost always none): answering every inserted row's number cost
  // PGlite about a third of the statement's time. Prepared: every runtime call comes through here.
  const text = `WITH inserted AS (
       INSERT INTO activations (flow_id, body)
       SELECT a.body->>'flowId', a.body FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS a(body, n)
       WHERE EXISTS (SELECT 1 FROM flows f WHERE f.id = a.body->>'flowId')
       ORDER BY a.n
       RETURNING flow_id, seq
     )
     SELECT DISTINCT flow_id FROM inserted WHERE seq % $2::int = 0`;
  const params = [JSON.stringify(activations), pruneEvery];
  const crossed = await (db.queryPrepared
    ? db.queryPrepared<{ flow_id: string }>('insert_activations', text, params)
    : db.query<{ flow_id: string }>(text, params));
  for (const { flow_id: flowId } of crossed) {
    const prune = `DELETE FROM activations WHERE flow_id = $1 AND seq < (
         SELECT seq FROM activations WHERE flow_id = $1 ORDER BY seq DESC OFFSET $2 LIMIT 1)`;
    const params = [flowId, keep - 1];
    await (db.queryPrepared ? db.queryPrepared('prune_activations', prune, params) : db.query(prune, params));
  }
}
