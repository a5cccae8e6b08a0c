import * as Dialog from '@radix-ui/react-dialog';
import type { ComponentProps, ReactNode } from 'react';
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
  const returnFocus: ModalProps['onCloseAutoFocus'] = (event) => {
    const id = typeof returnFocusTo === 'function' ? returnFocusTo() : returnFocusTo;
    const target = id ? document.getElementById(id) : null;
    if (!target) return;
    event.preventDefault();
    target.focus();
  };
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      {/* A container given: Radix's portal renders at once, instead of in a second commit after its layout effect. */}
      <Dialog.Portal container={document.body}>
        <Dialog.Overlay className="modal-overlay" />
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
