import * as Menu from '@radix-ui/react-menu';
import { createContext, use, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ExplicitValue } from '../../../domain/permission';
import { useLayer } from '../../ui/layers';
import './state-menu.css';

/** The row whose state menu is open: its icon (the anchor, and where focus returns) and its choice. */
export interface StateMenuTarget {
  principal: string;
  value: ExplicitValue;
  element: HTMLElement;
  choose: (value: ExplicitValue) => void;
}

const CHOICES = [
  { value: 'inherit', label: 'Inherit' },
  { value: 'grant', label: 'Grant' },
  { value: 'deny', label: 'Deny' },
] as const;

type Choice = (typeof CHOICES)[number]['value'];

const choiceOf = (value: ExplicitValue): Choice => value ?? 'inherit';
const valueOf = (choice: string): ExplicitValue => (choice === 'grant' || choice === 'deny' ? choice : null);

const OpenStateMenu = createContext<((target: StateMenuTarget) => void) | null>(null);

/** Opens the state menu on a row's icon; null outside a StateMenuProvider (no menu there). */
export const useOpenStateMenu = () => use(OpenStateMenu);

/**
 * One menu for every icon of a list: Inherit, Grant, Deny as radio items, the current one checked.
 * Shared rather than one per row, so that rendering a row (a click's only work before the paint)
 * costs no menu; it opens next to the icon that asked and gives focus back to it on close.
 */
export function StateMenuProvider({ children }: { children: ReactNode }) {
  const [target, setTarget] = useState<StateMenuTarget | null>(null);
  // A layer over the dialog while open: Esc, a press outside and Tab are the menu's, not the dialog's.
  useLayer(target !== null);
  const last = useRef<StateMenuTarget | null>(null);
  const anchor = useMemo(
    () => ({ current: { getBoundingClientRect: () => last.current?.element.getBoundingClientRect() ?? new DOMRect() } }),
    [],
  );
  const open = useMemo(
    () => (next: StateMenuTarget) => {
      last.current = next;
      setTarget(next);
    },
    [],
  );

  return (
    <OpenStateMenu value={open}>
      {children}
      <Menu.Root open={target !== null} onOpenChange={(isOpen) => !isOpen && setTarget(null)} modal>
        <Menu.Anchor virtualRef={anchor} />
        <Menu.Portal>
          {target && (
            <Menu.Content
              className="state-menu"
              aria-label={`Set ${target.principal}`}
              side="bottom"
              align="end"
              sideOffset={4}
              collisionPadding={8}
              loop
              onEntryFocus={(event) => {
                // On the current state, whether the menu came from the pointer or the keyboard.
                event.preventDefault();
                const content = event.currentTarget as HTMLElement;
                content.querySelector<HTMLElement>('[role="menuitemradio"][aria-checked="true"]')?.focus();
              }}
              onCloseAutoFocus={(event) => {
                event.preventDefault();
                last.current?.element.focus();
              }}
            >
              <Menu.RadioGroup value={choiceOf(target.value)} onValueChange={(choice) => target.choose(valueOf(choice))}>
                {CHOICES.map((choice) => (
                  <Menu.RadioItem
                    key={choice.value}
                    value={choice.value}
                    className={`state-menu__item state-menu__item--${choice.value}`}
                  >
                    <span className="state-menu__check" aria-hidden="true">
                      <Menu.ItemIndicator>✓</Menu.ItemIndicator>
                    </span>
                    {choice.label}
                    <kbd className="state-menu__key" aria-hidden="true">
                      {choice.label[0]}
                    </kbd>
                  </Menu.RadioItem>
                ))}
              </Menu.RadioGroup>
            </Menu.Content>
          )}
        </Menu.Portal>
      </Menu.Root>
    </OpenStateMenu>
  );
}
