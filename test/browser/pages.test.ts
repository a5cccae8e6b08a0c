import { describe, it } from 'vitest';
import { useApp, WAIT } from './helpers';

describe('pages loaded on demand, in the demo', () => {
  const openApp = useApp();

  // Their modules (e.g. /src/api/manage.ts) come through the demo's service worker after it started:
  // it must hand them to the dev server, not to the demo backend.
  it('opens Manage and App-wide permissions from the top bar', async () => {
    const { page } = await openApp();
    await page.getByRole('link', { name: 'Manage' }).click();
    await page.getByRole('heading', { name: 'Manage', level: 1 }).waitFor({ timeout: WAIT });
    await page.getByRole('link', { name: 'App-wide permissions' }).click();
    await page.getByRole('heading', { name: 'App-wide permissions', level: 1 }).waitFor({ timeout: WAIT });
    await page.getByRole('switch', { name: 'GuestUser may start flows' }).waitFor({ timeout: WAIT });
  });
});
