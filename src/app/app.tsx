import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback } from 'react';
import { signInAsSomeoneElse } from '../api/auth';
import { prefetchPermissions } from '../api/permissions';
import { AccountMenu } from '../features/auth/account-menu';
import { SignInGate } from '../features/auth/sign-in-gate';
import { FlowManagerPage } from '../features/flows/flow-manager-page';
import { lockButtonId } from '../features/flows/flow-item';
import { PermissionsDialog, preloadPermissionsDialog } from '../features/permissions/lazy-permissions-dialog';
import { WaitingChanges } from '../features/permissions/waiting-changes';
import { ErrorBoundary } from '../ui/error-boundary';
import { SkeletonRows } from '../ui/states';
import { applyTheme, storedTheme } from '../ui/theme';
import { ThemeToggle } from '../ui/theme-toggle';
import { DemoModeContext } from '../ui/demo-mode';
import { DemoBar } from './demo-bar';
import { AccessGate } from './access-gate';
import { AppIdBadge } from './app-id-badge';
import { useLiveUpdates } from '../api/use-live-updates';
import { usePermissionsLocation, useView, type View } from './url-state';

// Pages an administrator visits now and then load on demand, keeping the initial JS within budget.
const AppPermissionsPage = lazy(() =>
  import('../features/app-permissions/app-permissions-page').then((module) => ({ default: module.AppPermissionsPage })),
);
const loadOverview = () => import('../features/permissions/overview/access-overview-page');
const AccessOverviewPage = lazy(() => loadOverview().then((module) => ({ default: module.AccessOverviewPage })));
const ManagePage = lazy(() => import('../features/manage/manage-page').then((module) => ({ default: module.ManagePage })));
const AuditPage = lazy(() => import('../features/audit/audit-page').then((module) => ({ default: module.AuditPage })));

// At load, before the demo's worker starts and anything paints: a pinned theme never flashes the other.
applyTheme(storedTheme());

const pageFallback = (
  <main className="page">
    <SkeletonRows count={8} label="Loading page" />
  </main>
);

export function App({ queryClient, demo }: { queryClient: QueryClient; demo: boolean }) {
  return (
    <QueryClientProvider client={queryClient}>
      <ErrorBoundary onReset={() => void queryClient.resetQueries()}>
        {demo ? (
          <DemoModeContext value>
            <AccessGate>
              <Shell demo />
            </AccessGate>
          </DemoModeContext>
        ) : (
          // The real server: sign in first; a session that ends asks to sign in again.
          <SignInGate>
            <AccessGate onSignIn={signInAsSomeoneElse}>
              <Shell demo={false} />
            </AccessGate>
          </SignInGate>
        )}
      </ErrorBoundary>
    </QueryClientProvider>
  );
}

function Shell({ demo }: { demo: boolean }) {
  const queryClient = useQueryClient();
  useLiveUpdates();
  const { location, open, setTab, close } = usePermissionsLocation();
  // About to open the Access overview: its code and its first page load together, not one after the other.
  const prefetch = (target: View) => {
    if (target !== 'overview') return;
    void loadOverview();
    void import('../api/overview').then(({ NO_FILTERS, overviewQueries }) =>
      queryClient.prefetchInfiniteQuery(overviewQueries.matrix(NO_FILTERS)),
    );
  };
  // About to open a flow's permissions: the dialog's code and its first screen load during the hover,
  // so that the click costs a render.
  const preparePermissions = useCallback(
    (flowId: string) => {
      void preloadPermissionsDialog();
      prefetchPermissions(queryClient, flowId);
    },
    [queryClient],
  );
  const { view, href, go } = useView();
  const flowId = view === 'flows' ? location.flowId : null;
  const link = (target: View, label: string) => (
    <a
      className="topbar__link"
      href={href(target)}
      aria-current={view === target ? 'page' : undefined}
      onPointerEnter={() => prefetch(target)}
      onFocus={() => prefetch(target)}
      onClick={(event) => {
        prefetch(target);
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        go(target);
      }}
    >
      {label}
    </a>
  );
  return (
    <div className="app">
      <header className="topbar">
        <span className="topbar__brand">
          <span className="topbar__logo" aria-hidden="true" />
          FlowRunner
        </span>
        <nav className="topbar__nav" aria-label="Console">
          {link('flows', 'Flows')}
          {link('app-permissions', 'App-wide permissions')}
          {link('overview', 'Access overview')}
          {link('manage', 'Manage')}
          {link('audit', 'Audit log')}
        </nav>
        <WaitingChanges />
        {demo ? (
          <DemoBar />
        ) : (
          <>
            <AccountMenu />
            <AppIdBadge />
          </>
        )}
        <ThemeToggle />
      </header>
      {view === 'flows' ? (
        <FlowManagerPage onOpenPermissions={open} onPreparePermissions={preparePermissions} />
      ) : (
        <Suspense fallback={pageFallback}>
          {view === 'manage' ? (
            <ManagePage />
          ) : view === 'overview' ? (
            <AccessOverviewPage />
          ) : view === 'audit' ? (
            <AuditPage />
          ) : (
            <AppPermissionsPage />
          )}
        </Suspense>
      )}
      {flowId && (
        <PermissionsDialog
          key={flowId}
          flowId={flowId}
          tab={location.tab}
          onTabChange={setTab}
          onClose={close}
          onCloseAutoFocus={(event) => {
            const lock = document.getElementById(lockButtonId(flowId));
            if (lock) {
              event.preventDefault();
              lock.focus();
            }
          }}
        />
      )}
    </div>
  );
}
