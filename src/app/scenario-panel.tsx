import { useEffect, useId, useRef, useState } from 'react';
import { useLayer } from '../ui/layers';

const PARAMS = ['latency', 'failRate', 'offline', 'anotherAdmin', 'malformed'] as const;
type Param = (typeof PARAMS)[number];

function readParams(): Record<Param, string> {
  const params = new URLSearchParams(window.location.search);
  return Object.fromEntries(PARAMS.map((param) => [param, params.get(param) ?? ''])) as Record<Param, string>;
}

const SWITCHES: { param: Param; label: string }[] = [
  { param: 'offline', label: 'Offline' },
  { param: 'anotherAdmin', label: 'Another administrator edits each row just before you' },
  { param: 'malformed', label: 'Permission answers break the contract' },
];

/**
 * Demo only: how the mock network behaves. A non-modal dialog opened by its button (the disclosure
 * pattern), so that it works over the Permissions modal too: it is a layer above the modal while open
 * (layers.ts), the demo's bar lets focus in (`data-over-modal`), Esc closes it first and gives focus
 * back to its button, and a press elsewhere closes it. The settings live in the URL, where the demo's
 * service worker handlers read them at every request; they apply while they are there.
 */
export function ScenarioPanel() {
  const [values, setValues] = useState(readParams);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const titleId = useId();
  const latencyId = useId();
  const failId = useId();
  useLayer(open);
  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('input')?.focus();
    const inside = (target: EventTarget | null) =>
      target instanceof Node && (panel.current?.contains(target) || button.current?.contains(target));
    const onPointerDown = (event: PointerEvent) => {
      if (!inside(event.target)) setOpen(false);
    };
    // Capture: before the modal below hears the same Esc (and sees it handled).
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('keydown', onKeyDown, true);
    };
  }, [open]);
  const set = (param: Param, value: string) => {
    const url = new URL(window.location.href);
    if (value) url.searchParams.set(param, value);
    else url.searchParams.delete(param);
    window.history.replaceState(window.history.state, '', url);
    setValues(readParams());
  };
  return (
    <div className="scenario">
      <button
        ref={button}
        type="button"
        className="button button--small"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen(!open)}
      >
        Network
      </button>
      {open && (
        <div ref={panel} id={panelId} className="scenario__panel" role="dialog" aria-labelledby={titleId}>
          <h2 id={titleId} className="form__label">
            Demo network
          </h2>
          <label htmlFor={latencyId}>Latency (ms, or a range like 50‑300)</label>
          <input
            id={latencyId}
            className="input"
            value={values.latency}
            onChange={(event) => set('latency', event.target.value.trim())}
          />
          <label htmlFor={failId}>Share of writes that fail (0–1)</label>
          <input
            id={failId}
            className="input"
            inputMode="decimal"
            value={values.failRate}
            onChange={(event) => set('failRate', event.target.value.trim())}
          />
          {SWITCHES.map(({ param, label }) => (
            <label className="scenario__check" key={param}>
              <input
                type="checkbox"
                checked={values[param] === '1'}
                onChange={(event) => set(param, event.target.checked ? '1' : '')}
              />
              {label}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
