import { createContext, use } from 'react';

/**
 * True inside a modal rendered ahead of its open (the Shell prepares a flow's Permissions dialog while
 * the pointer rests on the flow): its DOM is in the page, styled and laid out, but hidden by
 * `visibility: hidden`, which also keeps it from the pointer, from focus and from assistive
 * technology. What it would do as an open layer waits for the open: the focus moved in, Esc, the
 * keyboard's Undo, the page hidden from assistive technology, the scroll lock, and the requests its
 * first frame does not need. The open only turns this off: nothing is rendered again but the few
 * components that read it, and the browser shows boxes it has already laid out.
 */
export const Prepared = createContext(false);

export const usePrepared = (): boolean => use(Prepared);

/** The inline style of a prepared modal's boxes: hidden, and its entrance animation held for the open. */
export const PREPARED_STYLE = { visibility: 'hidden', animation: 'none' } as const;
