import { createMemoryOutboxStore } from '../src/api/outbox-store';

/**
 * A write this browser left queued before a reload, on Send Welcome Email, which another administrator
 * changed after it was queued: the demo backend's "another admin edit" sets the other value first, then
 * the write (the opposite value, based on no version) is put in a fresh outbox store.
 */
export async function writeLeftBeforeAnotherEdit(kind: 'user' | 'role', principal: string) {
  const edit = await fetch('http://localhost/api/demo/another-admin-edit', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ flowId: 'fl_0001', kind, id: principal }),
  });
  if (!edit.ok) throw new Error(`The other administrator's edit failed: ${edit.status}`);
  const theirs = (await edit.json()) as { value: 'grant' | 'deny'; version: number };
  const mine = theirs.value === 'grant' ? 'deny' : 'grant';
  const store = createMemoryOutboxStore();
  await store.put({
    flowId: 'fl_0001',
    kind,
    principal,
    writeId: 'left-by-last-page',
    value: mine,
    base: 0,
    order: 1,
    flowName: 'Send Welcome Email',
    principalName: principal,
    targetLabel: mine === 'grant' ? 'granted' : 'denied',
  });
  return { store, theirs, mine };
}
