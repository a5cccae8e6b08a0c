import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  memo,
  startTransition,
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
  type ComponentProps,
  type ReactNode,
} from 'react';
import { signInAsSomeoneElse } from '../api/auth';
import { prefetchPermissions } from '../api/permissions';
import { AccountMenu } from '../features/auth/account-menu';
import { SignInGate } from '../features/auth/sign-in-gate';
import { FlowManagerPage } from '../features/flows/flow-manager-page';
import { lockButtonId } from '../features/flows/flow-item';
import { PermissionsDialog, preloadPermissionsDialog } from '../features/permissions/lazy-permissions-dialog';
import { WaitingChanges } from '../features/permissions/waiting-changes';
import { ErrorBoundary } from '../ui/error-boundary';
import { Prepared, PreparedSignalContext, createPreparedSignal } from '../ui/prepared';
import { SkeletonRows } from '../ui/states';
import { applyTheme, storedTheme } from '../ui/theme';
import { ThemeToggle } from '../ui/theme-toggle';
import { DemoModeContext } from '../ui/demo-mode';
import { DemoBar } from './demo-bar';
import { AccessGate } from './access-gate';
import { AppIdBadge } from './app-id-badge';
import { PrefetchWhenIdle } from './prefetch-when-idle';
import { LazyPageView, lazyPage, type LazyPage } from './lazy-page';
import { usePageNavigation } from './use-page-navigation';
import { useLiveUpdates } from '../api/use-live-updates';
import { usePermissionsLocation, useView, type View } from './url-state';

// Pages an administrator visits now and then load on demand, keeping the initial JS within budget.
const PAGES = {
  'app-permissions': lazyPage(() =>
    import('../features/app-permissions/app-permissions-page').then((module) => module.AppPermissionsPage),
  ),
  overview: lazyPage(() =>
    import('../features/permissions/overview/access-overview-page').then((module) => module.AccessOverviewPage),
  ),
  manage: lazyPage(() => import('../features/manage/manage-page').then((module) => module.ManagePage)),
  audit: lazyPage(() => import('../features/audit/audit-page').then((module) => module.AuditPage)),
} satisfies Record<Exclude<View, 'flows'>, LazyPage>;
let overviewApi: typeof import('../api/overview') | undefined;
const loadOverviewApi = () => import('../api/overview').then((module) => (overviewApi = module));
/** The Access overview's code and its data's client: loaded when the console is idle, and on the way to it. */
const loadOverviewCode = () => {
  PAGES.overview.load().catch(() => undefined);
  void loadOverviewApi();
};

// At load, before the demo's worker starts and anything paints: a pinned theme never flashes the other.
applyTheme(storedTheme());

const pageFallback = (
  <main className="page">
    <SkeletonRows count={8} label="Loading page" />
  </main>
);

function ViewPage({ view }: { view: Exclude<View, 'flows'> }) {
  return (
    // Keyed by the view: another page starts without the last one's error; Retry loads the code again.
    <ErrorBoundary key={view} title="Could not show this page">
      <LazyPageView page={PAGES[view]} fallback={pageFallback} />
    </ErrorBoundary>
  );
}

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

/** The top bar's right side; memoized, so that a URL change (opening a flow's permissions) leaves it be. */
const TopBarTools = memo(function TopBarTools({ demo }: { demo: boolean }) {
  return (
    <>
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
    </>
  );
});

const IdlePrefetch = memo(PrefetchWhenIdle);

function Shell({ demo }: { demo: boolean }) {
  const queryClient = useQueryClient();
  useLiveUpdates();
  const { location, open, setTab, close } = usePermissionsLocation();
  // About to open a page: its code loads; the Access overview's first page of data with it, not after.
  const prefetch = (target: View) => {
    if (target === 'flows') return;
    // A failure is said where it matters: on the page, when it is gone to.
    PAGES[target].load().catch(() => undefined);
    if (target !== 'overview') return;
    // Loaded by now when the console was idle a moment (PrefetchWhenIdle): the request leaves before
    // the page renders, not after.
    const ask = ({ NO_FILTERS, overviewQueries }: NonNullable<typeof overviewApi>) =>
      void queryClient.prefetchInfiniteQuery(overviewQueries.matrix(NO_FILTERS));
    if (overviewApi) ask(overviewApi);
    else void loadOverviewApi().then(ask);
  };
  // About to open a flow's permissions: the dialog's code and its first screen load during the hover,
  // and once they are in, the dialog renders hidden (prepared.ts; in a transition, which yields to
  // input), so that the browser styles and lays it out then, and the click only shows it.
  const [prepared, setPrepared] = useState<string | null>(null);
  const lastPrepared = useRef<string | null>(null);
  const preparePermissions = useCallback(
    (flowId: string, about: boolean) => {
      // No longer about to open it: a dialog prepared and never opened goes, so that its queries do not
      // stay active (refetched by every live change) long after the pointer has left.
      if (!about) {
        if (lastPrepared.current !== flowId) return;
        lastPrepared.current = null;
        startTransition(() => setPrepared((current) => (current === flowId ? null : current)));
        return;
      }
      lastPrepared.current = flowId;
      void Promise.all([preloadPermissionsDialog(), prefetchPermissions(queryClient, flowId)]).then(
        () => lastPrepared.current === flowId && startTransition(() => setPrepared(flowId)),
        // Without its code the dialog renders when opened, and says why there.
        () => undefined,
      );
    },
    [queryClient],
  );
  const { view, href, go } = useView();
  const { pending, navigate } = usePageNavigation(PAGES, go);
  const flowId = view === 'flows' ? location.flowId : null;
  // A closed dialog goes, with what was typed in it: the next open starts afresh (and is prepared again).
  const [shownBefore, setShownBefore] = useState(flowId);
  if (shownBefore !== flowId) {
    setShownBefore(flowId);
    if (!flowId) setPrepared(null);
  }
  const dialogFlowId = flowId ?? (view === 'flows' ? prepared : null);
  const returnFocusToLock = useCallback<NonNullable<ComponentProps<typeof PermissionsDialog>['onCloseAutoFocus']>>(
    (event) => {
      const lock = dialogFlowId && document.getElementById(lockButtonId(dialogFlowId));
      if (lock) {
        event.preventDefault();
        lock.focus();
      }
    },
    [dialogFlowId],
  );
  const link = (target: View, label: string) => (
    <a
      className="topbar__link"
      href={href(target)}
      aria-current={view === target ? 'page' : undefined}
      aria-busy={pending === target || undefined}
      onPointerEnter={() => prefetch(target)}
      onFocus={() => prefetch(target)}
      onClick={(event) => {
        prefetch(target);
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(target);
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
        <TopBarTools demo={demo} />
      </header>
      <IdlePrefetch load={loadOverviewCode} />
      {view === 'flows' ? (
        <FlowManagerPage onOpenPermissions={open} onPreparePermissions={preparePermissions} />
      ) : (
        <ViewPage view={view} />
      )}
      {dialogFlowId && (
        <PreparedDialog key={dialogFlowId} prepared={!flowId}>
          <PermissionsDialog
            flowId={dialogFlowId}
            tab={location.tab}
            onTabChange={setTab}
            onClose={close}
            onCloseAutoFocus={returnFocusToLock}
          />
        </PreparedDialog>
      )}
    </div>
  );
}

/**
 * A dialog rendered ahead while `prepared` (prepared.ts): the context its modal reads, and the signal
 * its rows' effects read without rendering again, set as the dialog opens.
 */
function PreparedDialog({ prepared, children }: { prepared: boolean; children: ReactNode }) {
  const [signal] = useState(() => createPreparedSignal(prepared));
  useLayoutEffect(() => signal.set(prepared), [signal, prepared]);
  return (
    <Prepared value={prepared}>
      <PreparedSignalContext value={signal}>{children}</PreparedSignalContext>
    </Prepared>
  );
}
