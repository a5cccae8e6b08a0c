import { useQuery } from '@tanstack/react-query';
import type { ComponentProps, ComponentType } from 'react';
import { accessQueries } from '../../api/access';
import { flowQueries } from '../../api/flows';
import { afterPaint, usePainted } from '../../ui/after-paint';
import { ErrorBoundary } from '../../ui/error-boundary';
import { Modal, tabbables } from '../../ui/modal';
import { usePrepared } from '../../ui/prepared';
import { TabList, TabPanel, useTabIds } from '../../ui/tabs';
import { ErrorState, SkeletonRows } from '../../ui/states';
import { FeedbackProvider } from './feedback';
import { ActivityTab } from './activity-tab';
import { CheckAccessTab } from './check-access-tab';
import { AccessTestWatch } from './access-test-watch';
import { HistoryTab } from './history-tab';
import { FlowBulkActions } from './flow-bulk-actions';
import { Legend } from './legend';
import { StateMenuProvider } from './state-menu';
import { RolesTab } from './roles-tab';
import { PERMISSIONS_TABS, showsLegend, type PermissionsTab } from './permissions-tabs';
import { UsersTab } from './users-tab';

export type { PermissionsTab };

/** Each tab's panel, by the id in PERMISSIONS_TABS. */
const PANELS: Record<PermissionsTab, ComponentType<{ flowId: string }>> = {
  users: UsersTab,
  roles: RolesTab,
  access: CheckAccessTab,
  activity: ActivityTab,
  history: HistoryTab,
};

interface PermissionsDialogProps {
  flowId: string;
  tab: PermissionsTab;
  onTabChange: (tab: PermissionsTab) => void;
  onClose: () => void;
  onCloseAutoFocus?: ComponentProps<typeof Modal>['onCloseAutoFocus'];
}

export function PermissionsDialog({ flowId, tab, onTabChange, onClose, onCloseAutoFocus }: PermissionsDialogProps) {
  const flow = useQuery(flowQueries.detail(flowId));
  const tabIds = useTabIds<PermissionsTab>();
  const notFound = flow.error?.isNotFound === true;
  const title = flow.data ? `Permissions for ${flow.data.name}` : notFound ? 'Flow not found' : 'Permissions';

  return (
    <Modal
      open
      size={flow.isError ? 'small' : 'large'}
      title={title}
      onOpenChange={(open) => !open && onClose()}
      onOpenAutoFocus={focusAfterPaint}
      {...(onCloseAutoFocus ? { onCloseAutoFocus } : {})}
    >
      {flow.isPending ? (
        <SkeletonRows count={6} label="Loading flow" />
      ) : flow.isError ? (
        notFound ? (
          <div className="dialog-message" role="alert">
            <p>This flow does not exist, or it was deleted.</p>
            <button type="button" className="button button--primary" onClick={onClose}>
              Back to flows
            </button>
          </div>
        ) : (
          <ErrorState title="Could not load the flow" message={flow.error.message} onRetry={() => void flow.refetch()} />
        )
      ) : (
        <FeedbackProvider>
          <StateMenuProvider>
            <div className="modal__intro">
              <p className="modal__description">Who may start this flow, through the API and through the Call Flow block.</p>
              <FlowBulkActions flowId={flowId} />
            </div>
            <AfterFirstFrame flowId={flowId} />
            <div className="tabs">
              <TabList label="Permission kinds" tabs={PERMISSIONS_TABS} value={tab} onChange={onTabChange} ids={tabIds} />
              {showsLegend(tab) && <Legend />}
              <ErrorBoundary title="This tab failed to show">
                {PERMISSIONS_TABS.map(({ id }) => {
                  const Panel = PANELS[id];
                  return (
                    <TabPanel key={id} id={id} selected={id === tab} ids={tabIds} className="tabs__content">
                      <Panel flowId={flowId} />
                    </TabPanel>
                  );
                })}
              </ErrorBoundary>
            </div>
          </StateMenuProvider>
        </FeedbackProvider>
      )}
    </Modal>
  );
}

/**
 * What the dialog's first frame does not need waits until that frame is painted: who can start the
 * flow before a change, for the guard-rail warnings (use-exposure-guard.ts), and the watch on the
 * flow's access tests. A dialog rendered ahead waits for its open (prepared.ts); only this component
 * reads that, so the open renders nothing else again.
 */
function AfterFirstFrame({ flowId }: { flowId: string }) {
  const painted = usePainted(!usePrepared());
  // Kept loaded, never read here: without notifyOnChangeProps every refetch of it (one per saved
  // click) would render this again.
  useQuery({ ...accessQueries.exposure(flowId), enabled: painted, notifyOnChangeProps: [] });
  return painted && <AccessTestWatch flowId={flowId} />;
}

/**
 * Focus goes into the dialog once its first frame is painted and the page is idle (afterPaint), not
 * while it mounts: focusing an element forces the style and layout of the whole new dialog in the
 * middle of React's commit, and the commits that follow make the browser do them again for the frame.
 * Right after the frame it would come before what the open queued (query notifications, the list's
 * measure) and redo their style and layout.
 */
function focusAfterPaint(event: Event) {
  event.preventDefault();
  const dialog = event.currentTarget;
  if (!(dialog instanceof HTMLElement)) return;
  afterPaint(() => {
    if (dialog.contains(document.activeElement)) return;
    (tabbables(dialog)[0] ?? dialog).focus();
  });
}
