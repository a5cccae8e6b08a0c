import type { QueryClient } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../mocks/node';
import { accessQueries } from '../../src/api/access';
import { accessTestQueries } from '../../src/api/access-tests';
import { userPermissionSchema } from '../../contract/console';
import { request } from '../../src/api/client';
import { applyLiveEvent } from '../../src/api/live';
import { permissionQueries } from '../../src/api/permissions';
import { whoCanStartQueries } from '../../src/api/who-can-start';
import { renderApp } from '../render';

/**
 * A click in the Permissions dialog, and the live stream echoing it back before the write is
 * answered (as the served console's stream often does): what the write reaches refreshes once,
 * from the write, and the users list, with its pages, not at all.
 */

const FLOW = 'fl_0001';

describe("the live stream echoing the page's own click", () => {
  it('refetches nothing the write refreshes, and the write refreshes it once', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    server.use(
      http.put('*/api/console/flows/:flowId/permissions/users/:userId', () => held.then(() => undefined), { once: true }),
    );
    const { user, queryClient } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Permissions for Send Welcome Email' }));
    const dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
    const users = await within(dialog).findByRole('list', { name: 'Users' });
    const watched = {
      users: permissionQueries.userLists(FLOW),
      whoCanStart: whoCanStartQueries.flow(FLOW).queryKey,
      accessTests: accessTestQueries.flow(FLOW).queryKey,
      exposure: accessQueries.exposure(FLOW).queryKey,
    };
    // Everything the dialog and the page behind it keep loaded is in before the click.
    await waitFor(() => {
      for (const queryKey of Object.values(watched))
        expect([queryKey, queryClient.getQueryCache().findAll({ queryKey })[0]?.state.status]).toEqual([queryKey, 'success']);
    });
    const fetches = { users: 0, whoCanStart: 0, accessTests: 0, exposure: 0 };
    const names = Object.keys(watched) as (keyof typeof watched)[];
    queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'fetch') return;
      const hash = JSON.stringify(event.query.queryKey);
      for (const name of names) if (hash.startsWith(JSON.stringify(watched[name]).slice(0, -1))) fetches[name] += 1;
    });

    const toggle = within(users).getByRole('button', { name: 'Tariq Nguyen: inherited (denied)' });
    await user.click(toggle);
    const row = queryClient
      .getQueriesData<{ id: string; name: string; version: number }>({
        queryKey: [...permissionQueries.all(FLOW), 'users', 'row'],
      })
      .map(([, shown]) => shown)
      .find((shown) => shown?.name === 'Tariq Nguyen');
    if (!row) throw new Error("Tariq Nguyen's row is not in the cache");
    const { id: userId, version } = row;
    await waitFor(() => expect(queryClient.isMutating()).toBe(1));
    await applyLiveEvent(queryClient, {
      seq: 1,
      kind: 'value',
      flowId: FLOW,
      principal: `user:${userId}`,
      value: 'grant',
      version: version + 1,
      by: 'demo-admin@example.com',
    });
    expect(fetches.users).toBe(0);

    release();
    await waitFor(() => expect(fetches.exposure).toBe(1));
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(fetches).toEqual({ users: 0, whoCanStart: 1, accessTests: 1, exposure: 1 });
  });
});

/** Answers the next `method` request to `path` only once the returned function is called. */
function holdOnce(method: 'GET' | 'PUT', path: string) {
  let release = () => {};
  const until = new Promise<void>((resolve) => (release = resolve));
  const handler = method === 'GET' ? http.get : http.put;
  server.use(handler(path, () => until.then(() => undefined), { once: true }));
  return release;
}

/** The Permissions dialog of Send Welcome Email, its users list shown. */
async function openUsers() {
  const { user, queryClient } = renderApp();
  await user.click(await screen.findByRole('button', { name: 'Permissions for Send Welcome Email' }));
  const dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
  const users = await within(dialog).findByRole('list', { name: 'Users' });
  return { user, queryClient, users };
}

/** Clicks Tariq Nguyen's icon (inherited → granted): his row as the cache held it at the click. */
async function clickTariq({ user, queryClient, users }: Awaited<ReturnType<typeof openUsers>>) {
  await user.click(within(users).getByRole('button', { name: 'Tariq Nguyen: inherited (denied)' }));
  const row = queryClient
    .getQueriesData<{ id: string; name: string; version: number }>({
      queryKey: [...permissionQueries.all(FLOW), 'users', 'row'],
    })
    .map(([, shown]) => shown)
    .find((shown) => shown?.name === 'Tariq Nguyen');
  if (!row) throw new Error("Tariq Nguyen's row is not in the cache");
  return row;
}

/** The stream announces a value of Tariq Nguyen's row. */
const announce = (queryClient: QueryClient, userId: string, change: { value: 'grant' | 'deny'; version: number; by: string }) =>
  applyLiveEvent(queryClient, { seq: 1, kind: 'value', flowId: FLOW, principal: `user:${userId}`, ...change });

const USER_WRITE = '*/api/console/flows/:flowId/permissions/users/:userId';

describe("another administrator's change announced while the page's own write is in flight", () => {
  it('shows once the write is answered, when it is later than the write', async () => {
    const release = holdOnce('PUT', USER_WRITE);
    const page = await openUsers();
    const { queryClient, users } = page;
    const row = await clickTariq(page);
    await waitFor(() => expect(queryClient.isMutating()).toBe(1));
    // The page's write is saved as version + 1; another administrator denies after it (version + 2),
    // and the stream announces theirs before the page's answer arrives.
    await announce(queryClient, row.id, { value: 'deny', version: row.version + 2, by: 'ops@example.com' });
    release();
    await waitFor(() => expect(queryClient.isMutating()).toBe(0));
    const shown = await within(users).findByRole('button', { name: 'Tariq Nguyen: denied' });
    // Highlighted as another administrator's change, with "changed by" in its tooltip.
    expect(shown.className).toMatch(/toggle--live-/);
    expect(queryClient.getQueryData(permissionQueries.user(FLOW, row.id).queryKey)).toMatchObject({
      value: 'deny',
      version: row.version + 2,
      changed: { by: 'ops@example.com' },
    });
    // So is the flow's who-can-start line behind the dialog, which reads differently now.
    const flow = screen.getByRole('listitem', { name: 'Send Welcome Email', hidden: true });
    await waitFor(() => expect(flow.querySelector('.flow__who')).toHaveAttribute('title', 'Changed by ops@example.com'));
  });

  it('is dropped when the write is later than it', async () => {
    const release = holdOnce('PUT', USER_WRITE);
    const page = await openUsers();
    const { queryClient, users } = page;
    const row = await clickTariq(page);
    await waitFor(() => expect(queryClient.isMutating()).toBe(1));
    // The page's own write, echoed before its answer: the same version the answer brings.
    await announce(queryClient, row.id, { value: 'grant', version: row.version + 1, by: 'demo-admin@example.com' });
    release();
    await waitFor(() => expect(queryClient.isMutating()).toBe(0));
    await within(users).findByRole('button', { name: 'Tariq Nguyen: granted' });
    expect(queryClient.getQueryData(permissionQueries.user(FLOW, row.id).queryKey)).toMatchObject({
      value: 'grant',
      version: row.version + 1,
    });
  });

  it('shows when it comes after the answer, while the lists the write reaches refetch', async () => {
    const page = await openUsers();
    const { queryClient, users } = page;
    await waitFor(() => expect(queryClient.getQueryState(whoCanStartQueries.flow(FLOW).queryKey)?.status).toBe('success'));
    const releaseList = holdOnce('GET', '*/api/console/flows/:flowId/who-can-start');
    const row = await clickTariq(page);
    // Answered (version + 1); the write now waits for the who-can-start line to refetch.
    await waitFor(() =>
      expect(queryClient.getQueryData(permissionQueries.user(FLOW, row.id).queryKey)).toMatchObject({
        version: row.version + 1,
      }),
    );
    // Another administrator denies after the page's write, and the stream says so.
    await request(`/flows/${FLOW}/permissions/users/${row.id}`, userPermissionSchema, {
      method: 'PUT',
      body: { value: 'deny' },
      headers: { 'idempotency-key': 'other-admin-1', 'if-match': `"${row.version + 1}"` },
    });
    await announce(queryClient, row.id, { value: 'deny', version: row.version + 2, by: 'ops@example.com' });
    releaseList();
    await waitFor(() => expect(queryClient.isMutating()).toBe(0));
    await within(users).findByRole('button', { name: 'Tariq Nguyen: denied' });
    expect(queryClient.getQueryData(permissionQueries.user(FLOW, row.id).queryKey)).toMatchObject({
      value: 'deny',
      version: row.version + 2,
    });
  });

  it('names the later change in the conflict the write met, and shows that one', async () => {
    // The write is refused (412); the row read again is answered only after another administrator's
    // later change was announced: the page shows that change, and the notice must name it.
    server.use(
      http.put(USER_WRITE, () => HttpResponse.json({ code: 'version_mismatch', message: 'Changed' }, { status: 412 }), {
        once: true,
      }),
    );
    let reread = () => {};
    const asked = new Promise<void>((resolve) => (reread = resolve));
    let answer = (_row: Record<string, unknown>) => {};
    const answered = new Promise<Record<string, unknown>>((resolve) => (answer = resolve));
    server.use(
      http.get(
        USER_WRITE,
        async () => {
          reread();
          return HttpResponse.json(await answered);
        },
        { once: true },
      ),
    );
    const page = await openUsers();
    const { queryClient, users } = page;
    const row = await clickTariq(page);
    await asked;
    const at = new Date().toISOString();
    await announce(queryClient, row.id, { value: 'deny', version: row.version + 2, by: 'ops@example.com' });
    answer({ ...row, value: 'deny', version: row.version + 1, changed: { by: 'first@example.com', at, writeId: null } });
    const notice = await screen.findByRole('alert');
    expect(notice).toHaveTextContent('Tariq Nguyen was changed by ops@example.com');
    await within(users).findByRole('button', { name: 'Tariq Nguyen: denied' });
    expect(queryClient.getQueryData(permissionQueries.user(FLOW, row.id).queryKey)).toMatchObject({
      version: row.version + 2,
      changed: { by: 'ops@example.com' },
    });
  });
});
