/** The Permissions dialog's tabs, as the URL names them (`?tab=`). Apart from the dialog, whose code loads later. */
export const PERMISSIONS_TABS = ['users', 'roles', 'access', 'activity', 'history'] as const;
export type PermissionsTab = (typeof PERMISSIONS_TABS)[number];

const isTab = (value: string): value is PermissionsTab => (PERMISSIONS_TABS as readonly string[]).includes(value);
/** A missing or unknown tab means users. */
export const tabFrom = (value: string | null): PermissionsTab => (value !== null && isTab(value) ? value : 'users');
