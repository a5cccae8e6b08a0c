import type { KeyboardEvent, MouseEvent } from 'react';
import type { ExplicitValue } from '../../../domain/permission';
import { useOpenStateMenu } from './state-menu';

/** The keys that set a state directly on a focused icon. */
const KEYS: Record<string, ExplicitValue> = { i: null, g: 'grant', d: 'deny' };

/** What a state icon announces to assistive technology about the shortcuts below. */
export const STATE_KEYSHORTCUTS = 'I G D Shift+F10';

/**
 * The ways to set a state directly on one icon, wherever it is (the dialog's rows, the overview's
 * cells): the state menu on right-click, the context-menu key or Shift+F10 (inside a
 * StateMenuProvider), and the keys I, G and D.
 */
export function useStateShortcuts(principal: string, value: ExplicitValue, choose: (next: ExplicitValue) => void) {
  const openMenu = useOpenStateMenu();
  const showMenu = (element: HTMLElement) => openMenu?.({ principal, value, element, choose });
  const onContextMenu = (event: MouseEvent<HTMLButtonElement>) => {
    if (!openMenu) return;
    event.preventDefault();
    showMenu(event.currentTarget);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      if (!openMenu) return;
      event.preventDefault();
      showMenu(event.currentTarget);
      return;
    }
    const next = KEYS[event.key.toLowerCase()];
    if (next === undefined || event.shiftKey) return;
    event.preventDefault();
    choose(next);
  };
  return { onContextMenu, onKeyDown };
}
