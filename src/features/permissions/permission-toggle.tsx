import type { LiveChangeMark } from '../../api/live-changes';
import type { WriteState } from '../../api/permissions';
import type { Inherited } from '../../../contract/console';
import { explainDecision } from '../../../domain/decision';
import { effectiveValue, stateLabel, type ExplicitValue } from '../../../domain/permission';
import { StateIcon } from '../../ui/icons';
import { Tooltip } from '../../ui/tooltip';
import { STATE_KEYSHORTCUTS, useStateShortcuts } from './use-state-shortcuts';

const NEXT_ACTION: Record<string, string> = {
  inherited: 'Click to grant for this flow.',
  grant: 'Click to deny for this flow.',
  deny: 'Click to inherit again.',
};

/** A row whose writes have not all been saved says so next to its icon (the icon shows the target). */
const WRITE_STATES: Record<Exclude<WriteState, 'idle'>, string> = {
  saving: 'Saving…',
  retrying: 'Retrying…',
  offline: 'Offline: saves when the network is back',
};

interface PermissionToggleProps {
  principal: string;
  value: ExplicitValue;
  inherited: Inherited;
  writeState?: WriteState;
  /** A click: the next state of the cycle. */
  onCycle: () => void;
  /** A chosen state (the menu, a key). */
  onChoose: (next: ExplicitValue) => void;
  /** Another administrator changed this row while it was shown: it flashes, and its tooltip says who. */
  liveChange?: LiveChangeMark | undefined;
}

/** The three-state icon of one row: gray (inherited), green check (granted), red X (denied). */
export function PermissionToggle({
  principal,
  value,
  inherited,
  writeState = 'idle',
  liveChange,
  onCycle,
  onChoose,
}: PermissionToggleProps) {
  const label = stateLabel(value, inherited.value);
  const shown = effectiveValue(value, inherited.value);
  const tone = value === null ? 'inherited' : value;
  const tooltip =
    value === null ? `Inherited: ${explainDecision(inherited)}.` : `${value === 'grant' ? 'Granted' : 'Denied'} for this flow.`;
  const { onContextMenu, onKeyDown } = useStateShortcuts(principal, value, onChoose);
  return (
    <>
      {writeState !== 'idle' && <span className={`save-state save-state--${writeState}`}>{WRITE_STATES[writeState]}</span>}
      <Tooltip
        content={
          <>
            {tooltip}
            {liveChange && (
              <>
                <br />
                Changed by {liveChange.by}
              </>
            )}
            <br />
            <span className="tooltip__hint">{NEXT_ACTION[tone]}</span>
            <br />
            <span className="tooltip__hint">Right-click, or press I, G or D, to choose a state.</span>
          </>
        }
      >
        <button
          type="button"
          // Two names of one animation: a new change switches them, which plays it again.
          className={`toggle toggle--${tone} toggle--shows-${shown}${liveChange ? ` toggle--live-${liveChange.count % 2 ? 'a' : 'b'}` : ''}`}
          aria-label={`${principal}: ${label}`}
          aria-keyshortcuts={STATE_KEYSHORTCUTS}
          onClick={onCycle}
          onContextMenu={onContextMenu}
          onKeyDown={onKeyDown}
        >
          <StateIcon shows={shown} />
        </button>
      </Tooltip>
    </>
  );
}
