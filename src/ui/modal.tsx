import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, type ComponentProps, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { afterPaint } from './after-paint';
import { CloseIcon } from './icons';

interface ModalProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  size?: 'small' | 'medium' | 'large';
  role?: 'dialog' | 'alertdialog';
  onCloseAutoFocus?: ComponentProps<typeof Dialog.Content>['onCloseAutoFocus'];
  onOpenAutoFocus?: ComponentProps<typeof Dialog.Content>['onOpenAutoFocus'];
  /**
   * The id of the element that gets focus back on close. Lists re-render the element that opened
   * the modal, so the one Radix remembers may be gone; an id finds its successor.
   */
  returnFocusTo?: string | (() => string);
}

/** An accessible modal (Radix Dialog): focus trap, Esc to close, focus returned on close. */
export function Modal({
  open,
  onOpenChange,
  title,
  description,
  children,
  size = 'small',
  role,
  onCloseAutoFocus,
  onOpenAutoFocus,
  returnFocusTo,
}: ModalProps) {
  useScrollLockAfterPaint(open);
  const returnFocus: ModalProps['onCloseAutoFocus'] = (event) => {
    const id = typeof returnFocusTo === 'function' ? returnFocusTo() : returnFocusTo;
    const target = id ? document.getElementById(id) : null;
    if (!target) return;
    event.preventDefault();
    target.focus();
  };
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      {/* Not Radix's overlay: it locks scrolling as it mounts (a style sheet and a custom property on the
          body, so the whole page's style is computed again) and, like every child of Radix's portal,
          reads its computed style to find an animation in the middle of the commit. Ours is a plain
          backdrop in a portal of its own, before the content's, that takes the pointer (a press on it
          closes the modal, as outside the content); the scroll lock waits for the first frame. */}
      {open && createPortal(<div className="modal-overlay" style={{ pointerEvents: 'auto' }} />, document.body)}
      {/* A container given: Radix's portal renders at once, instead of in a second commit after its layout effect. */}
      <Dialog.Portal container={document.body}>
        <Dialog.Content
          className={`modal modal--${size}`}
          role={role ?? 'dialog'}
          {...(description ? {} : { 'aria-describedby': undefined })}
          onCloseAutoFocus={onCloseAutoFocus ?? returnFocus}
          {...(onOpenAutoFocus ? { onOpenAutoFocus } : {})}
        >
          <header className="modal__header">
            <Dialog.Title className="modal__title">{title}</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <CloseIcon />
            </Dialog.Close>
          </header>
          {description && <Dialog.Description className="modal__description">{description}</Dialog.Description>}
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** Modals open now; the page scrolls again when the last one closes. */
let locks = 0;
let unlock: (() => void) | null = null;

/** While `open`, from its first painted frame on, the page behind does not scroll. */
function useScrollLockAfterPaint(open: boolean) {
  useEffect(() => {
    if (!open) return;
    let locked = false;
    let closed = false;
    afterPaint(() => {
      if (closed) return;
      locked = true;
      if (locks++ === 0) unlock = lockScroll();
    });
    return () => {
      closed = true;
      if (locked && --locks === 0) {
        unlock?.();
        unlock = null;
      }
    };
  }, [open]);
}

function lockScroll(): () => void {
  const body = document.body;
  const before = { overflow: body.style.overflow, paddingRight: body.style.paddingRight };
  // The scroll bar's width, kept as padding, so that the page behind does not shift sideways.
  const gap = window.innerWidth - document.documentElement.clientWidth;
  body.style.overflow = 'hidden';
  if (gap > 0) body.style.paddingRight = `${gap}px`;
  return () => {
    body.style.overflow = before.overflow;
    body.style.paddingRight = before.paddingRight;
  };
}
