/**
 * The Permissions dialog's tabs, in order: the id the URL names (`?tab=`), the label on the tab, and
 * whether the states legend shows above it. Kept apart from the dialog, whose code loads later: the
 * URL state reads the ids at start, while each tab's panel comes with the dialog (PANELS there, typed
 * by these ids).
 */
export const PERMISSIONS_TABS = [
  { id: 'users', label: 'USER PERMISSIONS', legend: true },
  { id: 'roles', label: 'ROLES PERMISSIONS', legend: true },
  { id: 'access', label: 'CHECK ACCESS', legend: false },
  { id: 'activity', label: 'ACTIVITY', legend: false },
  { id: 'history', label: 'HISTORY', legend: false },
] as const;

export type PermissionsTab = (typeof PERMISSIONS_TABS)[number]['id'];

/** The tab a newly opened dialog shows. */
export const FIRST_TAB: PermissionsTab = PERMISSIONS_TABS[0].id;

const tabOf = (id: string | null) => PERMISSIONS_TABS.find((tab) => tab.id === id);

/** A missing or unknown tab means the first. */
export const tabFrom = (value: string | null): PermissionsTab => tabOf(value)?.id ?? FIRST_TAB;

export const showsLegend = (id: PermissionsTab): boolean => tabOf(id)?.legend ?? false;
