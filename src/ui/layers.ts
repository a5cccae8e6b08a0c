import { useEffect, useState } from 'react';

/**
 * The layers open on top of the page, in the order they opened: modals, and the menus inside them.
 * Only the top one answers Esc, a press outside it and a Tab at its edge; the ones below wait.
 */
const open: symbol[] = [];

/** This layer, on the stack while `active`; `isTop()` says whether nothing opened above it since. */
export function useLayer(active: boolean): { isTop: () => boolean } {
  const [layer] = useState(() => {
    const id = Symbol('layer');
    return { id, isTop: () => open.at(-1) === id };
  });
  useEffect(() => {
    if (!active) return;
    open.push(layer.id);
    return () => {
      const at = open.lastIndexOf(layer.id);
      if (at >= 0) open.splice(at, 1);
    };
  }, [active, layer]);
  return layer;
}
