import { Suspense, use, type ComponentProps } from 'react';
import type { PermissionsDialog as Dialog } from './permissions-dialog';

type DialogProps = ComponentProps<typeof Dialog>;

// The dialog and its five tabs are not in the initial JS (the budget is 130 kB gzip): their code
// loads as soon as the page is idle, so that opening the dialog does not wait for it.
let loaded: typeof Dialog | undefined;
let loading: Promise<typeof Dialog> | undefined;
const load = () =>
  (loading ??= import('./permissions-dialog').then((module) => {
    loaded = module.PermissionsDialog;
    return loaded;
  }));

type Host = typeof globalThis & { requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number };
const host = globalThis as Host;
if (host.requestIdleCallback) host.requestIdleCallback(() => void load(), { timeout: 2000 });
else setTimeout(() => void load(), 0);

/** The Permissions dialog (see permissions-dialog.tsx); until its code is in, nothing shows. */
export function PermissionsDialog(props: DialogProps) {
  return (
    <Suspense fallback={null}>
      <Loaded {...props} />
    </Suspense>
  );
}

// Once the code is in, it renders at once: a suspension, even a short one, would hold the reveal back.
function Loaded(props: DialogProps) {
  const Component = loaded ?? use(load());
  // eslint-disable-next-line react-hooks/static-components -- the module's one dialog, the same on every render
  return <Component {...props} />;
}
