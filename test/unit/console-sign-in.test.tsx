import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { enableConsoleAuth } from '../../src/api/auth';
import { server } from '../../mocks/node';
import { renderApp } from '../render';

/** The console against the real server: sign-in first, and a session that ends asks to sign in again. */

const ADMIN = { email: 'admin@example.com', password: 'correct horse' };
const SESSION_ENDED = { code: 4012, message: 'Your session has expired or ended: sign in again' };

let tokens = 0;
let live = new Set<string>();
/** The browser's HttpOnly session cookie, as the server set it (jsdom keeps no cookies for MSW's answers). */
let cookie: string | null = null;

const SESSION = { expiresAt: '2099-01-01T00:00:00.000Z', admin: { email: ADMIN.email } };

beforeEach(() => {
  localStorage.clear();
  tokens = 0;
  live = new Set();
  cookie = null;
  // The server's sign-in, its session cookie and its bearer check, in front of the demo backend.
  server.use(
    http.post('*/api/console/auth/sign-in', async ({ request }) => {
      const body = (await request.json()) as { email: string; password: string };
      if (body.email !== ADMIN.email || body.password !== ADMIN.password) {
        return HttpResponse.json({ code: 4013, message: 'Wrong email or password' }, { status: 401 });
      }
      const token = `t${++tokens}`;
      live.add(token);
      cookie = token;
      return HttpResponse.json({ token, ...SESSION });
    }),
    http.post('*/api/console/auth/sign-out', () => {
      if (cookie) live.delete(cookie);
      cookie = null;
      return new HttpResponse(null, { status: 204 });
    }),
    http.all('*/api/console/*', ({ request }) => {
      const bearer = request.headers.get('authorization')?.replace('Bearer ', '');
      if (!live.has(bearer ?? cookie ?? '')) return HttpResponse.json(SESSION_ENDED, { status: 401 });
      return undefined;
    }),
    http.get('*/api/console/auth/session', () => HttpResponse.json(SESSION)),
  );
  enableConsoleAuth();
});

describe('console sign-in', () => {
  it('shows a sign-in form first, says when the password is wrong, then shows the console', async () => {
    const { user } = renderApp();
    expect(await screen.findByRole('heading', { name: 'Sign in to the console' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Flow Manager' })).toBeNull();

    await user.type(screen.getByLabelText('Email'), ADMIN.email);
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password');

    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), ADMIN.password);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Flow Manager' })).toBeInTheDocument();
    expect(await screen.findByText('Send Welcome Email')).toBeInTheDocument();
    expect(screen.getByText(ADMIN.email)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to the console' })).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveValue(ADMIN.email);
  });

  it('when the session ends, asks to sign in again and then sends the write that waited', async () => {
    cookie = 'old';
    live.add('old');
    enableConsoleAuth();
    const { user } = renderApp({ url: '/?permissions=fl_0001&tab=roles' });
    const dialog = await screen.findByRole('dialog', { name: /Send Welcome Email/ });
    const sales = await within(dialog).findByRole('button', { name: 'Sales: inherited (granted)' });

    live.delete('old');
    await user.click(sales);
    const prompt = await screen.findByRole('alertdialog', { name: 'Your session has ended' });
    expect(within(prompt).getByLabelText('Email')).toHaveValue(ADMIN.email);
    await user.type(within(prompt).getByLabelText('Password'), ADMIN.password);
    await user.click(within(prompt).getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    // Saved: the server's answer now says so, read back with the new session. The prompt closes once
    // signed in, before the write that waited is answered: on a loaded machine the first read can come
    // before it.
    await waitFor(async () => {
      const rows = await fetch('http://localhost/api/console/flows/fl_0001/permissions/roles', {
        headers: { authorization: 'Bearer t1' },
      });
      const sales2 = ((await rows.json()) as { items: { name: string; value: string | null }[] }).items.find(
        (row) => row.name === 'Sales',
      );
      expect(sales2?.value).toBe('grant');
    });
  });
});
