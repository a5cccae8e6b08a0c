import {
  cloneElement,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type FocusEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactElement,
  type ReactNode,
} from 'react';
import { createPortal } from 'react-dom';

/** How long the pointer rests on a trigger before its tooltip shows. */
const DELAY_MS = 300;
/** Within this long of a tooltip closing, the next one shows at once (the pointer moving along icons). */
const SKIP_DELAY_MS = 300;
const OFFSET = 6;
const COLLISION_PADDING = 8;

// One tooltip shows at a time: opening one closes the other.
let shownClose: (() => void) | null = null;
let lastClosedAt = -Infinity;

type TriggerProps = {
  onPointerMove?: (event: PointerEvent<HTMLElement>) => void;
  onPointerLeave?: (event: PointerEvent<HTMLElement>) => void;
  onPointerDown?: (event: PointerEvent<HTMLElement>) => void;
  onClick?: (event: MouseEvent<HTMLElement>) => void;
  onFocus?: (event: FocusEvent<HTMLElement>) => void;
  onBlur?: (event: FocusEvent<HTMLElement>) => void;
  'aria-describedby'?: string;
};

/** When one trigger's tooltip shows: after a rest of the pointer, or at once on keyboard focus. */
class TooltipTiming {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private moved = false;
  private pointerDown = false;
  private shown = false;

  constructor(private readonly setAnchor: (anchor: HTMLElement | null) => void) {}

  readonly close = () => {
    clearTimeout(this.timer);
    if (!this.shown) return;
    this.shown = false;
    lastClosedAt = performance.now();
    if (shownClose === this.close) shownClose = null;
    this.setAnchor(null);
  };

  private show(element: HTMLElement) {
    clearTimeout(this.timer);
    if (shownClose !== this.close) shownClose?.();
    shownClose = this.close;
    this.shown = true;
    this.setAnchor(element);
  }

  pointerMove(event: PointerEvent<HTMLElement>) {
    if (event.pointerType === 'touch' || this.moved || this.shown) return;
    this.moved = true;
    const element = event.currentTarget;
    // Moving along a row of icons: the next tooltip shows without the wait.
    if (shownClose || performance.now() - lastClosedAt < SKIP_DELAY_MS) this.show(element);
    else this.timer = setTimeout(() => this.show(element), DELAY_MS);
  }

  pointerLeave() {
    this.moved = false;
    this.close();
  }

  pointerDownOn() {
    this.pointerDown = true;
    document.addEventListener('pointerup', () => (this.pointerDown = false), { once: true });
  }

  focus(element: HTMLElement) {
    // Focus that a click gave shows nothing; keyboard focus does.
    if (!this.pointerDown) this.show(element);
  }
}

/**
 * A tooltip on hover and keyboard focus; the child must be a focusable element. It costs one
 * component and no element until it shows (a list renders hundreds of them), and it is no layer of
 * its own: Esc closes it, and in a dialog the same Esc closes the dialog.
 */
export function Tooltip({ content, children }: { content: ReactNode; children: ReactElement<TriggerProps> }) {
  // The trigger while the tooltip shows, null while it does not.
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [timing] = useState(() => new TooltipTiming(setAnchor));
  const id = useId();
  const child = children.props;
  useEffect(() => {
    if (!anchor) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') timing.close();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [anchor, timing]);
  useEffect(() => timing.close, [timing]);

  const trigger = cloneElement(children, {
    'aria-describedby': anchor ? id : child['aria-describedby'],
    onPointerMove: (event) => {
      child.onPointerMove?.(event);
      timing.pointerMove(event);
    },
    onPointerLeave: (event) => {
      child.onPointerLeave?.(event);
      timing.pointerLeave();
    },
    onPointerDown: (event) => {
      child.onPointerDown?.(event);
      timing.pointerDownOn();
    },
    onClick: (event) => {
      child.onClick?.(event);
      timing.close();
    },
    onFocus: (event) => {
      child.onFocus?.(event);
      timing.focus(event.currentTarget);
    },
    onBlur: (event) => {
      child.onBlur?.(event);
      timing.close();
    },
  });
  return (
    <>
      {trigger}
      {anchor && createPortal(<TooltipContent id={id} anchor={anchor} content={content} />, document.body)}
    </>
  );
}

/** Above its trigger, or below when there is no room above; kept inside the window. */
function TooltipContent({ id, anchor, content }: { id: string; anchor: HTMLElement; content: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const tip = ref.current;
    if (!tip) return;
    const target = anchor.getBoundingClientRect();
    const { width, height } = tip.getBoundingClientRect();
    const above = target.top - OFFSET - height >= COLLISION_PADDING;
    const top = above ? target.top - OFFSET - height : target.bottom + OFFSET;
    const centre = target.left + target.width / 2;
    const left = Math.min(Math.max(centre - width / 2, COLLISION_PADDING), window.innerWidth - width - COLLISION_PADDING);
    tip.style.left = `${Math.round(left)}px`;
    tip.style.top = `${Math.round(top)}px`;
    tip.dataset.side = above ? 'top' : 'bottom';
    tip.style.setProperty('--arrow-x', `${Math.round(centre - left)}px`);
    tip.style.visibility = 'visible';
  });
  return (
    <div
      ref={ref}
      id={id}
      role="tooltip"
      className="tooltip"
      style={{ position: 'fixed', top: 0, left: 0, visibility: 'hidden' }}
    >
      {content}
      <span className="tooltip__arrow" aria-hidden="true" />
    </div>
  );
}
