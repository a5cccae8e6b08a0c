/** An explicit value set for one principal on one flow; `null` means nothing is set (inherited). */
export const PERMISSION_VALUES = ['grant', 'deny'] as const;
export type PermissionValue = (typeof PERMISSION_VALUES)[number];
export type ExplicitValue = PermissionValue | null;

type StateLabel = 'granted' | 'denied' | 'inherited (granted)' | 'inherited (denied)';

/** The click cycle: inherited → granted → denied → inherited. */
export function nextValue(current: ExplicitValue): ExplicitValue {
  if (current === null) return 'grant';
  if (current === 'grant') return 'deny';
  return null;
}

export function stateLabel(explicit: ExplicitValue, inherited: PermissionValue): StateLabel {
  if (explicit === 'grant') return 'granted';
  if (explicit === 'deny') return 'denied';
  return inherited === 'grant' ? 'inherited (granted)' : 'inherited (denied)';
}

/** The value that takes effect for a row: its own, else what it inherits. */
export function effectiveValue(explicit: ExplicitValue, inherited: PermissionValue): PermissionValue {
  return explicit ?? inherited;
}
