import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Tooltip } from '../../src/ui/tooltip';

const renderTwo = () =>
  render(
    <>
      <Tooltip content="Grants the flow">
        <button type="button">Grant</button>
      </Tooltip>
      <Tooltip content="Denies the flow">
        <button type="button">Deny</button>
      </Tooltip>
    </>,
  );

describe('tooltip', () => {
  it('shows on keyboard focus, names itself as the description, and Esc hides it', async () => {
    const user = userEvent.setup();
    renderTwo();
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
    await user.tab();
    expect(screen.getByRole('tooltip')).toHaveTextContent('Grants the flow');
    expect(screen.getByRole('button', { name: 'Grant' })).toHaveAccessibleDescription(/Grants the flow/);

    await user.tab();
    expect(screen.getAllByRole('tooltip')).toHaveLength(1);
    expect(screen.getByRole('tooltip')).toHaveTextContent('Denies the flow');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
  });

  it('shows when the pointer rests on the trigger, not when a click focuses it', async () => {
    const user = userEvent.setup();
    renderTwo();
    await user.click(screen.getByRole('button', { name: 'Grant' }));
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
    await user.unhover(screen.getByRole('button', { name: 'Grant' }));
    await user.hover(screen.getByRole('button', { name: 'Deny' }));
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Denies the flow');
    await user.unhover(screen.getByRole('button', { name: 'Deny' }));
    await waitFor(() => expect(screen.queryByRole('tooltip')).not.toBeInTheDocument());
  });
});
