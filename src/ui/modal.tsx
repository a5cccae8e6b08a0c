import { hideOthers } from 'aria-hidden';
import { useEffect, useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { afterPaint } from './after-paint';
import { CloseIcon } from './icons';
import { LayerScope, useLayer } from './layers';
import { PREPARED_STYLE, usePrepared } from './prepared';

interface ModalProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  size?: 'small' | 'medium' | 'large';
  role?: 'dialog' | 'alertdialog';
  /** Called as the modal closes, with a cancelable event: prevent it to put focus somewhere yourself. */
  onCloseAutoFocus?: (event: Event) => void;
  /** Called as the modal opens (the event's currentTarget is the dialog): prevent it to put focus in yourself. */
  onOpenAutoFocus?: (event: Event) => void;
  /**
   * The id of the element that gets focus back on close. Lists re-render the element that opened
   * the modal, so the one focused before may be gone; an id finds its successor.
   */
  returnFocusTo?: string | (() => string);
}

const TABBABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The elements Tab reaches inside `container`, in order. */
export function tabbables(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (element) =>
      element.tabIndex >= 0 &&
      !element.closest('[hidden], [inert]') &&
      // Not in a browser without it (a test's DOM): there, the hidden attribute is what hides.
      (typeof element.checkVisibility !== 'function' || element.checkVisibility({ visibilityProperty: true })),
  );
}

/**
 * An accessible modal dialog: `role="dialog"` (or `alertdialog`) with `aria-modal`, named by its title
 * and described by its description; the rest of the page hidden from assistive technology
 * (`aria-hidden` on everything else, as Radix did); focus moved in as it opens, kept in by Tab and
 * Shift+Tab, and given back as it closes; Esc and a press on the backdrop close it. Nested layers (a
 * confirmation over the dialog, the state menu in it) are on a stack (layers.ts): only the top one
 * answers. It sets no style on the body as it mounts, reads no computed style and renders once: the
 * scroll lock comes after the first frame. Rendered ahead (prepared.ts), it is in the page but hidden,
 * and is none of this until it opens.
 */
export function Modal({
  open,
  onOpenChange,
  title,
  description,
  children,
  size = 'small',
  role = 'dialog',
  onCloseAutoFocus,
  onOpenAutoFocus,
  returnFocusTo,
}: ModalProps) {
  if (!open) return null;
  return (
    <OpenModal {...{ onOpenChange, title, description, size, role, onCloseAutoFocus, onOpenAutoFocus, returnFocusTo }}>
      {children}
    </OpenModal>
  );
}

function OpenModal({
  onOpenChange,
  title,
  description,
  children,
  size,
  role,
  onCloseAutoFocus,
  onOpenAutoFocus,
  returnFocusTo,
}: Omit<ModalProps, 'open'> & Required<Pick<ModalProps, 'size' | 'role'>>) {
  const content = useRef<HTMLDivElement>(null);
  // Where focus was last inside, to go back to.
  const lastInside = useRef<HTMLElement | null>(null);
  const prepared = usePrepared();
  const layer = useLayer(!prepared, content);
  const titleId = useId();
  const descriptionId = useId();
  // The latest handlers, for the effects that run once.
  const handlers = useRef({ onOpenChange, onCloseAutoFocus, onOpenAutoFocus, returnFocusTo });
  useLayoutEffect(() => {
    handlers.current = { onOpenChange, onCloseAutoFocus, onOpenAutoFocus, returnFocusTo };
  });
  useScrollLockAfterPaint(!prepared);

  // Rendered ahead, the dialog is inert. Opened, it takes focus and the pointer once its first frame is
  // painted: taking `inert` off restyles every element in it, which that frame does not need. Before
  // the focus goes in (its effect below queues it after this).
  useLayoutEffect(() => {
    const dialog = content.current;
    if (!dialog) return;
    if (prepared) {
      dialog.inert = true;
      return;
    }
    if (dialog.inert) afterPaint(() => void (dialog.inert = false));
  }, [prepared]);

  // Focus: in as it opens, back as it closes.
  useEffect(() => {
    const dialog = content.current;
    if (prepared || !dialog) return;
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // A modal opened inside this one in the same commit has taken the focus already: what it found
    // focused is what opened both.
    const before = layer.isTop() ? focused : (layer.above()[0]?.opener() ?? focused);
    layer.setOpener(before);
    const opening = new Event('modal.openAutoFocus', { cancelable: true });
    const onOpen = (event: Event) => handlers.current.onOpenAutoFocus?.(event);
    dialog.addEventListener(opening.type, onOpen);
    dialog.dispatchEvent(opening);
    dialog.removeEventListener(opening.type, onOpen);
    // A modal opened inside this one in the same commit (its effects ran first) keeps the focus it took.
    if (!opening.defaultPrevented && layer.isTop() && !dialog.contains(document.activeElement)) {
      const focusIn = () => (tabbables(dialog).find((element) => !(element instanceof HTMLAnchorElement)) ?? dialog).focus();
      // Shown from ahead, it takes the focus once it is no longer inert: after its first frame.
      if (dialog.inert) afterPaint(focusIn);
      else focusIn();
    }
    return () => {
      const closing = new Event('modal.closeAutoFocus', { cancelable: true });
      handlers.current.onCloseAutoFocus?.(closing);
      if (closing.defaultPrevented) return;
      const { returnFocusTo: to } = handlers.current;
      const id = typeof to === 'function' ? to() : to;
      const target = (id ? document.getElementById(id) : null) ?? (before?.isConnected ? before : null);
      target?.focus();
    };
  }, [layer, prepared]);

  // Assistive technology reads the dialog alone, and the layers above it (opened in the same commit).
  // Shown from ahead, the page is hidden with the focus going in, after the first frame: marking every
  // element of the page is work the click's frame does not need (the dialog is inert until then).
  useEffect(() => {
    if (prepared) return;
    const keep = [content.current, ...layer.above().map((above) => above.element?.current)].filter(
      (element): element is HTMLElement => element instanceof HTMLElement,
    );
    if (keep.length === 0) return;
    if (!content.current?.inert) return hideOthers(keep);
    let undo: (() => void) | null = null;
    let gone = false;
    afterPaint(() => {
      if (!gone) undo = hideOthers(keep);
    });
    return () => {
      gone = true;
      undo?.();
    };
  }, [layer, prepared]);

  // Esc closes the top layer; a layer above (the state menu) that handles it first prevents its default.
  useEffect(() => {
    if (prepared) return;
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || !layer.isTop()) return;
      event.preventDefault();
      handlers.current.onOpenChange(false);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [layer, prepared]);

  // Focus stays in: what takes it outside (a script, a click on the page behind) gives it back. Tools that
  // stay usable over a modal say so (`data-over-modal`: the demo's bar).
  useEffect(() => {
    if (prepared) return;
    const onFocusIn = (event: FocusEvent) => {
      const dialog = content.current;
      const target = event.target;
      if (!dialog || !(target instanceof Element)) return;
      if (dialog.contains(target)) {
        lastInside.current = target instanceof HTMLElement ? target : null;
        return;
      }
      if (!layer.isTop()) return;
      if (target.closest('[data-over-modal]')) return;
      // Shown from ahead and still inert (its first frame): the focus that left is taken in at once.
      if (dialog.inert) dialog.inert = false;
      const last = lastInside.current;
      (last?.isConnected && dialog.contains(last) ? last : (tabbables(dialog)[0] ?? dialog)).focus();
    };
    document.addEventListener('focusin', onFocusIn);
    return () => document.removeEventListener('focusin', onFocusIn);
  }, [layer, prepared]);

  // Tab and Shift+Tab wrap around inside the dialog.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Tab' || event.defaultPrevented || !layer.isTop()) return;
    const dialog = event.currentTarget;
    const inside = tabbables(dialog);
    const first = inside[0];
    const last = inside.at(-1);
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <LayerScope value={layer}>
      {/* Takes the pointer off the page behind; a press on it closes the top layer (a right-click does not). */}
      <div
        className="modal-overlay"
        style={prepared ? PREPARED_STYLE : undefined}
        aria-hidden={prepared || undefined}
        inert={prepared}
        onPointerDown={(event) => {
          // Not while the dialog is inert: a press on it, in its first frame, falls through to here.
          if (event.button !== 0 || event.ctrlKey || !layer.isTop() || content.current?.inert) return;
          event.preventDefault();
          handlers.current.onOpenChange(false);
        }}
      />
      <div
        ref={content}
        className={`modal modal--${size}`}
        style={prepared ? PREPARED_STYLE : undefined}
        aria-hidden={prepared || undefined}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header className="modal__header">
          <h2 id={titleId} className="modal__title">
            {title}
          </h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={() => onOpenChange(false)}>
            <CloseIcon />
          </button>
        </header>
        {description && (
          <p id={descriptionId} className="modal__description">
            {description}
          </p>
        )}
        {children}
      </div>
    </LayerScope>,
    document.body,
  );
}

/** Modals open now; the page scrolls again when the last one closes. */
let locks = 0;
let unlock: (() => void) | null = null;

/** From its first painted frame on (while `active`), the page behind does not scroll. */
function useScrollLockAfterPaint(active: boolean) {
  useEffect(() => {
    if (!active) return;
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
  }, [active]);
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
