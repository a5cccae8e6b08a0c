import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../mocks/node';
import { renderApp } from '../render';

describe('answers that say who may use the console', () => {
  it('shows "not an administrator" instead of the console on 403', async () => {
    server.use(
      http.get('*/api/console/flows', () =>
        HttpResponse.json(
          { code: 4033, message: "This is an app user's token: the console is for administrators" },
          { status: 403 },
        ),
      ),
    );
    renderApp();
    expect(await screen.findByRole('heading', { name: 'Not an administrator' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Flow Manager' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Sign in as someone else' })).toBeInTheDocument();
  });

  it('prompts to sign in again on 401, keeping the console', async () => {
    server.use(
      http.get('*/api/console/flows', () =>
        HttpResponse.json({ code: 4012, message: 'Your session has expired or ended: sign in again' }, { status: 401 }),
      ),
    );
    renderApp();
    const prompt = await screen.findByText(/Your session has ended/);
    expect(prompt.closest('[role="alert"]')).not.toBeNull();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Flow Manager' })).toBeInTheDocument();
  });
});
