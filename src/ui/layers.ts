import { createContext, use, useEffect, useState, type RefObject } from 'react';

/** One layer over the page: a modal, or a menu inside one. */
export interface Layer {
  /** The layer this one opened inside (in React's tree), if any. */
  readonly parent: Layer | null;
  /** Its element (what assistive technology and focus keep to while it is on top), if it has one. */
  readonly element: RefObject<HTMLElement | null> | undefined;
  /** Nothing opened above it since it opened. */
  isTop(): boolean;
  /** The layers above it, lowest first. */
  above(): readonly Layer[];
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
    const self: Layer = {
      parent,
      element,
      isTop: () => open.at(-1) === self,
      above: () => open.slice(open.indexOf(self) + 1),
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
