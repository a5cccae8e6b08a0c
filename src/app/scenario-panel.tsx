import * as Dialog from '@radix-ui/react-dialog';
import { useId, useState } from 'react';

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
 * Demo only: how the mock network behaves. A non-modal Radix dialog, so that it works over the
 * Permissions modal too: opening it pauses the modal's focus trap (its own focus scope comes on top),
 * Esc closes it first, and a click elsewhere closes it. The settings live in the URL, where the demo's service
 * worker handlers read them at every request; they apply while they are there.
 */
export function ScenarioPanel() {
  const [values, setValues] = useState(readParams);
  const latencyId = useId();
  const failId = useId();
  const set = (param: Param, value: string) => {
    const url = new URL(window.location.href);
    if (value) url.searchParams.set(param, value);
    else url.searchParams.delete(param);
    window.history.replaceState(window.history.state, '', url);
    setValues(readParams());
  };
  return (
    <Dialog.Root modal={false}>
      <div className="scenario">
        <Dialog.Trigger className="button button--small">Network</Dialog.Trigger>
        <Dialog.Content className="scenario__panel" aria-describedby={undefined}>
          <Dialog.Title className="form__label">Demo network</Dialog.Title>
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
        </Dialog.Content>
      </div>
    </Dialog.Root>
  );
}
