import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render';

const FLOW = 'Sync CRM Contacts';
const TEST_NAME = 'Not logged in via REST API: granted';

describe('CHECK ACCESS: tests', () => {
  it('saves the check as a test, warns when a change breaks it, and Undo makes it pass again', async () => {
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: `Permissions for ${FLOW}` }));
    const dialog = await screen.findByRole('dialog', { name: `Permissions for ${FLOW}` });
    await user.click(within(dialog).getByRole('tab', { name: 'CHECK ACCESS' }));

    // Not logged in over REST is granted on this flow: that is what the test expects.
    expect(await within(dialog).findByText('Can start this flow')).toBeInTheDocument();
    const tests = within(dialog).getByRole('region', { name: 'Tests' });
    await user.click(within(tests).getByRole('button', { name: 'Save as test' }));
    const saved = await within(tests).findByRole('listitem');
    expect(saved).toHaveTextContent(TEST_NAME);
    expect(saved).toHaveTextContent('passes');

    // Denying NonAuthenticatedUser on the flow breaks it.
    await user.click(within(dialog).getByRole('tab', { name: 'ROLES PERMISSIONS' }));
    const roles = await within(dialog).findByRole('region', { name: 'System roles' });
    await user.click(within(roles).getByRole('button', { name: 'NonAuthenticatedUser: inherited (granted)' }));
    await user.click(await within(roles).findByRole('button', { name: 'NonAuthenticatedUser: granted' }));
    await within(roles).findByRole('button', { name: 'NonAuthenticatedUser: denied' });
    const broken = await waitFor(() => {
      const alert = within(dialog)
        .getAllByRole('alert')
        .find((element) => element.textContent?.includes('broke the access test'));
      expect(alert).toBeDefined();
      return alert as HTMLElement;
    });
    expect(broken).toHaveTextContent(`“${TEST_NAME}”`);
    expect(broken).toHaveTextContent('now denied (System roles on this flow: NonAuthenticatedUser)');

    await user.click(within(broken).getByRole('button', { name: 'Undo' }));
    expect(await within(roles).findByRole('button', { name: 'NonAuthenticatedUser: inherited (granted)' })).toBeInTheDocument();
    await waitFor(() => expect(broken).not.toBeInTheDocument());

    await user.click(within(dialog).getByRole('tab', { name: 'CHECK ACCESS' }));
    const again = within(await within(dialog).findByRole('region', { name: 'Tests' }));
    await waitFor(() => expect(again.getByRole('listitem')).toHaveTextContent('passes'));
  });

  it('offers no Undo when the change that broke a test was not this page’s (its own last change stays)', async () => {
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: `Permissions for ${FLOW}` }));
    const dialog = await screen.findByRole('dialog', { name: `Permissions for ${FLOW}` });
    await user.click(within(dialog).getByRole('tab', { name: 'CHECK ACCESS' }));
    expect(await within(dialog).findByText('Can start this flow')).toBeInTheDocument();
    const tests = within(dialog).getByRole('region', { name: 'Tests' });
    await user.click(within(tests).getByRole('button', { name: 'Save as test' }));
    expect(await within(tests).findByRole('listitem')).toHaveTextContent('passes');

    // This page's own change, which keeps the test passing and has an Undo.
    await user.click(within(dialog).getByRole('tab', { name: 'ROLES PERMISSIONS' }));
    const custom = await within(dialog).findByRole('region', { name: 'Custom roles' });
    within(custom)
      .getByRole('button', { name: /^Manager: inherited/ })
      .focus();
    await user.keyboard('g');
    await within(custom).findByRole('button', { name: 'Manager: granted' });
    // Its write is queued once its frame is painted (then it is announced) and saved before the next change.
    await screen.findAllByText(/^Manager: granted/);
    await waitFor(() => expect(within(custom).queryByText('Saving…')).not.toBeInTheDocument());

    // Someone else denies NonAuthenticatedUser on the flow.
    const flows = (await (await fetch('http://localhost/api/console/flows?search=Sync%20CRM')).json()) as {
      items: { id: string }[];
    };
    const flowId = flows.items[0]?.id ?? '';
    const put = await fetch(`http://localhost/api/console/flows/${flowId}/permissions/roles/NonAuthenticatedUser`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'deny' }),
    });
    expect(put.ok).toBe(true);
    // Back on CHECK ACCESS, the tests run again and one fails.
    await user.click(within(dialog).getByRole('tab', { name: 'CHECK ACCESS' }));
    const broken = await waitFor(
      () => {
        const alert = within(dialog)
          .getAllByRole('alert')
          .find((element) => element.textContent?.includes('broke the access test'));
        expect(alert).toBeDefined();
        return alert as HTMLElement;
      },
      { timeout: 5000 },
    );
    expect(within(broken).queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('tab', { name: 'ROLES PERMISSIONS' }));
    expect(await within(dialog).findByRole('button', { name: 'Manager: granted' })).toBeInTheDocument();
  });
});
