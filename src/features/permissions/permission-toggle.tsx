import type { LiveChangeMark } from '../../api/live-changes';
import type { WriteState } from '../../api/permissions';
import type { Inherited } from '../../../contract/console';
import { explainDecision } from '../../../domain/decision';
import { effectiveValue, nextValue, stateLabel, type ExplicitValue } from '../../../domain/permission';
import { CheckIcon, CrossIcon } from '../../ui/icons';
import { Tooltip } from '../../ui/tooltip';

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
  /** Another administrator changed this row while it was shown: it flashes, and its tooltip says who. */
  liveChange?: LiveChangeMark | undefined;
  onChange: (next: ExplicitValue) => void;
}

/** The three-state icon of one row: gray (inherited), green check (granted), red X (denied). */
export function PermissionToggle({
  principal,
  value,
  inherited,
  writeState = 'idle',
  liveChange,
  onChange,
}: PermissionToggleProps) {
  const label = stateLabel(value, inherited.value);
  const shown = effectiveValue(value, inherited.value);
  const tone = value === null ? 'inherited' : value;
  const tooltip =
    value === null ? `Inherited: ${explainDecision(inherited)}.` : `${value === 'grant' ? 'Granted' : 'Denied'} for this flow.`;
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
          </>
        }
      >
        <button
          type="button"
          // Two names of one animation: a new change switches them, which plays it again.
          className={`toggle toggle--${tone} toggle--shows-${shown}${liveChange ? ` toggle--live-${liveChange.count % 2 ? 'a' : 'b'}` : ''}`}
          aria-label={`${principal}: ${label}`}
          onClick={() => onChange(nextValue(value))}
        >
          {shown === 'grant' ? <CheckIcon /> : <CrossIcon />}
        </button>
      </Tooltip>
    </>
  );
}
