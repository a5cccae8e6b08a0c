import { memo, Suspense, use, type ComponentProps } from 'react';
import type { PermissionsDialog as Dialog } from './permissions-dialog';

type DialogProps = ComponentProps<typeof Dialog>;
/** A promise that says it has settled, so that `use()` reads it at once instead of suspending. */
type Tracked<T> = Promise<T> & { status?: 'fulfilled'; value?: T };

// The dialog and its five tabs are not in the initial JS (the budget is 130 kB gzip): their code
// loads as soon as the page is idle, so that opening the dialog does not wait for it.
let loading: Tracked<typeof Dialog> | undefined;

/** Loads the dialog's code (once); the page does so by itself when idle. */
export function preloadPermissionsDialog(): Promise<typeof Dialog> {
  if (!loading) {
    const promise: Tracked<typeof Dialog> = import('./permissions-dialog').then((module) => module.PermissionsDialog);
    void promise.then((dialog) => {
      promise.status = 'fulfilled';
      promise.value = dialog;
    });
    loading = promise;
  }
  return loading;
}

type Host = typeof globalThis & { requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number };
const host = globalThis as Host;
if (host.requestIdleCallback) host.requestIdleCallback(() => void preloadPermissionsDialog(), { timeout: 2000 });
else setTimeout(() => void preloadPermissionsDialog(), 0);

/**
 * The Permissions dialog (see permissions-dialog.tsx); until its code is in, nothing shows. Memoized:
 * a dialog rendered ahead, hidden, is revealed without rendering it again.
 */
export const PermissionsDialog = memo(function PermissionsDialog(props: DialogProps) {
  return (
    <Suspense fallback={null}>
      <Loaded {...props} />
    </Suspense>
  );
});

// Once the code is in, this renders at once: a suspension, even a short one, would hold the reveal back.
function Loaded(props: DialogProps) {
  const Component = use(preloadPermissionsDialog());
  // eslint-disable-next-line react-hooks/static-components -- the module's one dialog, the same on every render
  return <Component {...props} />;
}
