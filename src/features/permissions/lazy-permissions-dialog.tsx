import { lazy, Suspense, type ComponentProps } from 'react';
import type { PermissionsDialog as Dialog } from './permissions-dialog';

// The dialog and its five tabs are not in the initial JS (the budget is 130 kB gzip): their code
// loads as soon as the page is idle, so that opening the dialog does not wait for it.
const load = () => import('./permissions-dialog');
const LoadedDialog = lazy(() => load().then((module) => ({ default: module.PermissionsDialog })));

type Host = typeof globalThis & { requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number };
const host = globalThis as Host;
if (host.requestIdleCallback) host.requestIdleCallback(() => void load(), { timeout: 2000 });
else setTimeout(() => void load(), 0);

/** The Permissions dialog (see permissions-dialog.tsx); until its code is in, nothing shows. */
export function PermissionsDialog(props: ComponentProps<typeof Dialog>) {
  return (
    <Suspense fallback={null}>
      <LoadedDialog {...props} />
    </Suspense>
  );
}
