import { createContext, use, useEffect, useState, type RefObject } from 'react';

/** One layer over the page: a modal, or a menu inside one. */
export interface Layer {
  /** The layer this one opened inside (in React's tree), if any. */
  readonly parent: Layer | null;
  /** Its element (what assistive technology and focus keep to while it is on top), if it has one. */
  readonly element: RefObject<HTMLElement | null> | undefined;
  /** Nothing opened above it since it opened. */
  isTop(): boolean;
  /** The layers above it, lowest first (none while it is not open). */
  above(): readonly Layer[];
  /**
   * What had the focus before the layer opened, to give it back. A layer opened inside another in the
   * same commit records it first (its effects run first); the outer one takes it from there.
   */
  opener(): HTMLElement | null;
  setOpener(element: HTMLElement | null): void;
}

/**
 * The layers open on top of the page, in the order they opened: modals, and the menus inside them.
 * Only the top one answers Esc, a press outside it and a Tab at its edge; the ones below wait.
 */
const open: Layer[] = [];

/** The layer the components below are inside: a layer they open goes above it. */
export const LayerScope = createContext<Layer | null>(null);

const isInside = (layer: Layer, ancestor: Layer) => {
  for (let at = layer.parent; at; at = at.parent) if (at === ancestor) return true;
  return false;
};

/**
 * This layer, on the stack while `active`. React runs the effects of a commit children first: a layer
 * opened in the same commit as one inside it goes below that one, not above.
 */
export function useLayer(active: boolean, element?: RefObject<HTMLElement | null>): Layer {
  const parent = use(LayerScope);
  const [layer] = useState<Layer>(() => {
    let opener: HTMLElement | null = null;
    const self: Layer = {
      parent,
      element,
      isTop: () => open.at(-1) === self,
      above: () => (open.includes(self) ? open.slice(open.indexOf(self) + 1) : []),
      opener: () => opener,
      setOpener: (element) => void (opener = element),
    };
    return self;
  });
  useEffect(() => {
    if (!active) return;
    const inside = open.findIndex((other) => isInside(other, layer));
    if (inside >= 0) open.splice(inside, 0, layer);
    else open.push(layer);
    return () => {
      const at = open.lastIndexOf(layer);
      if (at >= 0) open.splice(at, 1);
    };
  }, [active, layer]);
  return layer;
}
