import { useQueryClient } from '@tanstack/react-query';
import { useState, type PointerEvent } from 'react';
import { Modal } from '../ui/modal';
import { ScenarioPanel } from './scenario-panel';

const RESET_BUTTON_ID = 'demo-reset';

/**
 * The demo's tools stay usable over an open modal (the Network panel most of all: a designer sets the
 * latency while watching the dialog). So the bar sits above the modal's overlay and takes pointer events
 * (`.demo-bar` in styles.css; not on small windows, where the modal fills the window); `aria-live="off"` keeps it out of what the modal hides from
 * assistive technology (the modal hides everything but live regions) without announcing anything; and
 * its pointer-downs stay in it, so the Network panel does not take them for a press outside and close;
 * `data-over-modal` lets focus into it while a modal is open.
 */
// Only its own elements: the reset dialog, a portal, is in its React tree but must see its overlay's clicks.
const keepInside = (event: PointerEvent<HTMLElement>) => {
  if (event.target instanceof Node && event.currentTarget.contains(event.target)) event.stopPropagation();
};

/** Demo mode only: the data comes from the browser, and can be put back to the seed. */
export function DemoBar() {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [state, setState] = useState<'idle' | 'resetting' | 'failed'>('idle');
  const reset = async () => {
    setState('resetting');
    const response = await fetch('/api/demo/reset', { method: 'POST' }).catch(() => null);
    if (!response?.ok) {
      setState('failed');
      return;
    }
    setConfirming(false);
    await queryClient.resetQueries();
    setState('idle');
  };
  return (
    <div className="demo-bar" aria-live="off" data-over-modal onPointerDown={keepInside}>
      <span className="demo-bar__badge" title="Mock data served in your browser; changes are kept in this browser">
        Demo data
      </span>
      <ScenarioPanel />
      <button
        type="button"
        id={RESET_BUTTON_ID}
        className="button button--small"
        onClick={() => {
          setState('idle');
          setConfirming(true);
        }}
        disabled={state === 'resetting'}
      >
        {state === 'resetting' ? 'Resetting…' : 'Reset demo data…'}
      </button>
      <Modal
        open={confirming}
        onOpenChange={setConfirming}
        role="alertdialog"
        returnFocusTo={RESET_BUTTON_ID}
        title="Reset demo data?"
        description="Every change kept in this browser goes: permissions, flows, roles, registered users and recorded activations. The demo starts again from its seed."
      >
        {state === 'failed' && (
          <p className="form__error" role="alert">
            Reset failed. Try again.
          </p>
        )}
        <div className="form__actions">
          <button type="button" className="button button--ghost" onClick={() => setConfirming(false)} autoFocus>
            Cancel
          </button>
          <button type="button" className="button button--danger" disabled={state === 'resetting'} onClick={() => void reset()}>
            {state === 'resetting' ? 'Resetting…' : 'Reset demo data'}
          </button>
        </div>
      </Modal>
    </div>
  );
}
