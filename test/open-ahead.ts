import { act, screen, waitFor, within } from '@testing-library/react';
import { afterPaint } from '../src/ui/after-paint';
import { renderApp } from './render';

/** The users list of a dialog rendered ahead: hidden, it has no accessible name yet, so found by its label. */
export const usersListAhead = () =>
  waitFor(() => {
    const list = screen.getAllByRole('list', { hidden: true }).find((element) => element.getAttribute('aria-label') === 'Users');
    if (!list) throw new Error('The users list is not rendered yet');
    return list;
  });

/** Lets `count` frames pass, each with the work the app defers past its paint. */
export async function frames(count: number): Promise<void> {
  for (let frame = 0; frame < count; frame++) await act(() => new Promise<void>((done) => afterPaint(done)));
}

/** Renders the app and rests the pointer on Send Welcome Email's title until its dialog is rendered ahead. */
export async function renderPrepared() {
  const rendered = renderApp();
  const item = await screen.findByRole('listitem', { name: 'Send Welcome Email' });
  const title = within(item).getByRole('heading', { name: 'Send Welcome Email' });
  await rendered.user.hover(title);
  await usersListAhead();
  return { ...rendered, item, title };
}
