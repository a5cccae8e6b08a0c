import { createContext, use } from 'react';

/**
 * True inside a modal rendered ahead of its open (the Shell prepares a flow's Permissions dialog while
 * the pointer rests on the flow): its DOM is in the page, styled and laid out, but transparent, inert
 * (no focus, no pointer) and hidden from assistive technology. What it would do as an open layer waits
 * for the open: the focus moved in, Esc, the keyboard's Undo, the page hidden from assistive
 * technology, the scroll lock, and the requests its first frame does not need. The open only turns
 * this off: nothing is rendered again but the few components that read it, and the browser paints
 * boxes it has already styled and laid out.
 *
 * How it is hidden is chosen for what showing it costs: an opacity and an attribute on the modal's two
 * boxes restyle those two alone. `visibility: hidden`, `pointer-events: none` and `inert` are inherited,
 * so taking them off restyles every element of the dialog (2–5 ms on this project's machine): the
 * dialog's own `inert` goes once its first frame is painted (modal.tsx).
 */
export const Prepared = createContext(false);

export const usePrepared = (): boolean => use(Prepared);

/**
 * The inline style of a prepared modal's boxes: transparent, its entrance animation held for the open.
 * `will-change: opacity` has the browser paint them during the hover all the same (a transparent box is
 * otherwise left unpainted, and the click's frame painted the whole dialog: 1.8–2.0 ms against 0.5 in
 * a trace of the open); the open takes it off with the rest.
 */
export const PREPARED_STYLE = { opacity: 0, animation: 'none', willChange: 'opacity' } as const;

/**
 * The same, for effects that must not render again when the dialog opens (its rows): a stable object
 * whose `shown()` is read when they run, and whose `onShown` tells them when the dialog opens.
 */
export interface PreparedSignal {
  shown(): boolean;
  /** Calls `listener` once, when the dialog opens; returns what cancels it. */
  onShown(listener: () => void): () => void;
}

const ALWAYS_SHOWN: PreparedSignal = { shown: () => true, onShown: () => () => undefined };

export const PreparedSignalContext = createContext<PreparedSignal>(ALWAYS_SHOWN);

export const usePreparedSignal = (): PreparedSignal => use(PreparedSignalContext);

/** A signal for a dialog rendered ahead while `prepared`; the Shell sets it as the dialog opens. */
export function createPreparedSignal(prepared: boolean): PreparedSignal & { set(prepared: boolean): void } {
  let shown = !prepared;
  let listeners: (() => void)[] = [];
  return {
    shown: () => shown,
    onShown(listener) {
      listeners.push(listener);
      return () => void (listeners = listeners.filter((other) => other !== listener));
    },
    set(prepared) {
      if (shown || prepared) return;
      shown = true;
      const called = listeners;
      listeners = [];
      for (const listener of called) listener();
    },
  };
}
