import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render';

const api = 'http://localhost/api/console';

interface Matched {
  id: string;
  value: string | null;
}

const matching = async (flowId: string, query: string) => {
  const answer = await fetch(`${api}/flows/${flowId}/permissions/users-matching?${query}`);
  return (await answer.json()) as { items: Matched[]; total: number };
};

/** Every explicit value of a flow, users' and roles', as `kind:id → value`. */
const explicitValues = async (flowId: string) => {
  const users = await matching(flowId, 'only=explicit');
  const roles = (await (await fetch(`${api}/flows/${flowId}/permissions/roles`)).json()) as {
    items: { name: string; value: string | null }[];
  };
  return Object.fromEntries([
    ...users.items.map((user) => [`user:${user.id}`, user.value]),
    ...roles.items.filter((role) => role.value !== null).map((role) => [`role:${role.name}`, role.value]),
  ]) as Record<string, string>;
};

const open = async (flowId = 'fl_0001') => {
  const rendered = renderApp({ url: `/?permissions=${flowId}&tab=users` });
  const dialog = await screen.findByRole('dialog', { name: /^Permissions for / });
  await within(dialog).findByRole('list', { name: 'Users' });
  return { ...rendered, dialog };
};

describe('bulk changes in the modal', () => {
  it('Select all matching a surname, Deny selected denies every match (on screen or not); Undo restores each', async () => {
    const before = await matching('fl_0001', 'search=Costa');
    expect(before.total).toBeGreaterThan(17);
    const { user, dialog } = await open();
    await user.type(within(dialog).getByRole('searchbox', { name: 'Search users' }), 'Costa');
    await waitFor(() => expect(within(dialog).getByText(`${before.total} users`)).toBeInTheDocument());
    // Fewer rows on screen than match.
    const shown = within(within(dialog).getByRole('list', { name: 'Users' })).getAllByRole('listitem');
    expect(shown.length).toBeLessThan(before.total);

    await user.click(within(dialog).getByRole('checkbox', { name: 'Select all matching' }));
    const toolbar = within(dialog).getByRole('toolbar', { name: 'Bulk changes' });
    expect(await within(toolbar).findByText(`${before.total} users selected`)).toBeInTheDocument();
    for (const box of within(dialog).getAllByRole('checkbox', { name: /^Select (?!all)/ })) expect(box).toBeChecked();
    const toDeny = before.items.filter((row) => row.value !== 'deny').length;
    const deny = within(toolbar).getByRole('button', { name: `Deny selected · ${toDeny} to change` });
    await user.click(deny);
    // A batch is previewed first, and confirmed with a button that names it.
    const preview = await screen.findByRole('alertdialog', { name: `Deny ${toDeny} users on this flow?` });
    await within(preview).findByRole('list', { name: 'Impact' });
    await user.click(within(preview).getByRole('button', { name: `Deny ${toDeny} users` }));

    await waitFor(async () => {
      const after = await matching('fl_0001', 'search=Costa');
      expect(after.items.every((row) => row.value === 'deny')).toBe(true);
    });
    await waitFor(() => expect(dialog.querySelector('.toast__message')).toHaveTextContent(`Denied ${toDeny} users.`));
    await user.click(await within(dialog).findByRole('button', { name: 'Undo' }));
    await waitFor(async () => {
      const undone = await matching('fl_0001', 'search=Costa');
      expect(undone.items.map((row) => [row.id, row.value])).toEqual(before.items.map((row) => [row.id, row.value]));
    });
  });

  it('ticks single rows and, with shift, a range', async () => {
    const { user, dialog } = await open();
    const boxes = within(within(dialog).getByRole('list', { name: 'Users' })).getAllByRole('checkbox', { name: /^Select / });
    await user.click(boxes[1] as HTMLElement);
    await user.keyboard('{Shift>}');
    await user.click(boxes[4] as HTMLElement);
    await user.keyboard('{/Shift}');
    expect(boxes.map((box) => (box as HTMLInputElement).checked).slice(0, 6)).toEqual([false, true, true, true, true, false]);
    expect(within(dialog).getByText('4 users selected')).toBeInTheDocument();
    expect(within(dialog).getByRole('checkbox', { name: 'Select all matching' })).toHaveProperty('indeterminate', true);
  });

  it('Reset all to inherited says how many values, and clears every explicit value of the flow', async () => {
    const count = Object.keys(await explicitValues('fl_0001')).length;
    expect(count).toBeGreaterThan(0);
    const { user, dialog } = await open();
    await user.click(within(dialog).getByRole('button', { name: 'Reset all to inherited' }));
    const confirm = await within(dialog).findByRole('group', { name: 'Reset all to inherited' });
    expect(confirm).toHaveTextContent(`Reset ${count} values on this flow to inherited?`);
    await within(confirm).findByRole('list', { name: 'Impact' });
    await user.click(within(confirm).getByRole('button', { name: `Reset ${count} values` }));
    await waitFor(async () => expect(await explicitValues('fl_0001')).toEqual({}));
  });

  it('Copy from another flow shows the differences, then makes the explicit values equal the source', async () => {
    const source = await explicitValues('fl_0003');
    const target = await explicitValues('fl_0001');
    const added = Object.keys(source).filter((key) => !(key in target)).length;
    const removed = Object.keys(target).filter((key) => !(key in source)).length;
    const changed = Object.keys(source).filter((key) => key in target && target[key] !== source[key]).length;
    expect(added + removed + changed).toBeGreaterThan(0);

    const { user, dialog } = await open();
    await user.click(within(dialog).getByRole('button', { name: 'Copy from another flow' }));
    const panel = await within(dialog).findByRole('group', { name: 'Copy from another flow' });
    await user.selectOptions(await within(panel).findByRole('combobox', { name: 'Copy from' }), 'Sync CRM Contacts');
    const total = added + changed + removed;
    expect(
      await within(panel).findByText(`${total} changes: ${added} added, ${changed} changed, ${removed} removed.`),
    ).toBeInTheDocument();
    if (added > 0) expect(within(panel).getByRole('region', { name: `Added (${added})` })).toBeInTheDocument();
    if (removed > 0) expect(within(panel).getByRole('region', { name: `Removed (${removed})` })).toBeInTheDocument();
    await within(panel).findByRole('list', { name: 'Impact' });
    await user.click(within(panel).getByRole('button', { name: `Apply ${total} changes` }));
    await waitFor(async () => expect(await explicitValues('fl_0001')).toEqual(source));
  });
});
