import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { useLayer } from '../../src/ui/layers';
import { Modal } from '../../src/ui/modal';

/** A page with a button that opens a modal; the modal can open a second one over it, or a layer of its own. */
function Page() {
  const [open, setOpen] = useState(false);
  const [inner, setInner] = useState(false);
  const [menu, setMenu] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      <p>Behind</p>
      <Modal open={open} onOpenChange={setOpen} title="Outer" description="What the outer modal is for">
        <input aria-label="Name" />
        <button type="button" onClick={() => setInner(true)}>
          Confirm
        </button>
        <button type="button" onClick={() => setMenu(true)}>
          Menu
        </button>
        {menu && <Layer onClose={() => setMenu(false)} />}
        <Modal open={inner} onOpenChange={setInner} title="Inner" role="alertdialog">
          <button type="button">Yes</button>
        </Modal>
      </Modal>
    </>
  );
}

/** A layer opened over the modal (as the state menu is): it handles Esc first and prevents its default. */
function Layer({ onClose }: { onClose: () => void }) {
  useLayer(true);
  return (
    <div
      role="menu"
      aria-label="Layer"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        onClose();
      }}
    >
      <button type="button" role="menuitem" autoFocus>
        Item
      </button>
    </div>
  );
}

describe('Modal', () => {
  it('is a named, described modal dialog that hides the page and takes the focus in', async () => {
    const user = userEvent.setup();
    render(<Page />);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    const dialog = screen.getByRole('dialog', { name: 'Outer' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription('What the outer modal is for');
    // The first tabbable element inside: the Close button in the header.
    expect(within(dialog).getByRole('button', { name: 'Close' })).toHaveFocus();
    // The page behind is hidden from assistive technology.
    expect(screen.queryByRole('button', { name: 'Open' })).not.toBeInTheDocument();
    expect(screen.getByText('Behind').closest('[aria-hidden="true"]')).not.toBeNull();
  });

  it('keeps Tab and Shift+Tab inside, closes on Esc and gives the focus back', async () => {
    const user = userEvent.setup();
    render(<Page />);
    const opener = screen.getByRole('button', { name: 'Open' });
    await user.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Outer' });
    const close = within(dialog).getByRole('button', { name: 'Close' });
    await user.tab();
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveFocus();
    await user.tab();
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Menu' })).toHaveFocus();
    await user.tab();
    expect(close).toHaveFocus();
    await user.tab({ shift: true });
    expect(within(dialog).getByRole('button', { name: 'Menu' })).toHaveFocus();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
    expect(screen.getByText('Behind').closest('[aria-hidden="true"]')).toBeNull();
  });

  it('closes on a press of its backdrop, not on one inside', async () => {
    const user = userEvent.setup();
    const { baseElement } = render(<Page />);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Outer' })).getByRole('textbox', { name: 'Name' }));
    expect(screen.getByRole('dialog', { name: 'Outer' })).toBeInTheDocument();
    const backdrop = baseElement.querySelector('.modal-overlay');
    if (!backdrop) throw new Error('No backdrop');
    await user.click(backdrop);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('lets only the top layer answer Esc: a confirmation over it, a menu in it', async () => {
    const user = userEvent.setup();
    render(<Page />);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    const outer = screen.getByRole('dialog', { name: 'Outer' });
    const confirm = within(outer).getByRole('button', { name: 'Confirm' });
    await user.click(confirm);
    const inner = screen.getByRole('alertdialog', { name: 'Inner' });
    expect(within(inner).getByRole('button', { name: 'Close' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Outer' })).toBeInTheDocument();
    expect(confirm).toHaveFocus();

    await user.click(within(outer).getByRole('button', { name: 'Menu' }));
    await waitFor(() => expect(screen.getByRole('menuitem', { name: 'Item' })).toHaveFocus());
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Outer' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('puts a modal opened with the one it is in above it, though its effects run first', async () => {
    function Both() {
      const [open, setOpen] = useState(false);
      const [inner, setInner] = useState(false);
      return (
        <>
          <button
            type="button"
            onClick={() => {
              setOpen(true);
              setInner(true);
            }}
          >
            Open both
          </button>
          <Modal open={open} onOpenChange={setOpen} title="Outer">
            <Modal open={inner} onOpenChange={setInner} title="Inner" role="alertdialog">
              <button type="button">Yes</button>
            </Modal>
          </Modal>
        </>
      );
    }
    const user = userEvent.setup();
    render(<Both />);
    await user.click(screen.getByRole('button', { name: 'Open both' }));
    const inner = await screen.findByRole('alertdialog', { name: 'Inner' });
    // The focus is in the top one, which assistive technology reads (the outer one does not hide it).
    expect(within(inner).getByRole('button', { name: 'Close' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Outer' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // The focus goes back to what opened them, not to the inner one's element that is gone.
    expect(screen.getByRole('button', { name: 'Open both' })).toHaveFocus();
  });
});
