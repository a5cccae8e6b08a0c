import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { FlowManagerPage } from '../features/flows/flow-manager-page';
import { lockButtonId } from '../features/flows/flow-item';
import { PermissionsDialog } from '../features/permissions/permissions-dialog';
import { ErrorBoundary } from '../ui/error-boundary';
import { TooltipProvider } from '../ui/tooltip';
import { DemoBar } from './demo-bar';
import { usePermissionsLocation } from './url-state';

export function App({ queryClient, demo }: { queryClient: QueryClient; demo: boolean }) {
  return (
    <QueryClientProvider client={queryClient}>
      <TooltipProvider delayDuration={300}>
        <ErrorBoundary onReset={() => queryClient.resetQueries()}>
          <Shell demo={demo} />
        </ErrorBoundary>
      </TooltipProvider>
    </QueryClientProvider>
  );
}

function Shell({ demo }: { demo: boolean }) {
  const { location, open, setTab, close } = usePermissionsLocation();
  const { flowId } = location;
  return (
    <div className="app">
      <header className="topbar">
        <span className="topbar__brand">
          <span className="topbar__logo" aria-hidden="true" />
          FlowRunner
        </span>
        <span className="topbar__section">Console</span>
        {demo && <DemoBar />}
      </header>
      <FlowManagerPage onOpenPermissions={open} />
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
