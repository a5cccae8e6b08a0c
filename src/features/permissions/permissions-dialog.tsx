import * as Tabs from '@radix-ui/react-tabs';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useEffectEvent, type ComponentProps, type ComponentType } from 'react';
import { accessQueries } from '../../api/access';
import { flowQueries } from '../../api/flows';
import { ErrorBoundary } from '../../ui/error-boundary';
import { Modal } from '../../ui/modal';
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
import { PERMISSIONS_TABS, showsLegend, tabFrom, type PermissionsTab } from './permissions-tabs';
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
  // Who can start the flow before a change, for the guard-rail warnings (use-exposure-guard.ts).
  // Kept loaded, never read here: without notifyOnChangeProps every refetch of it (one per saved
  // click) would re-render the whole dialog.
  useQuery({ ...accessQueries.exposure(flowId), enabled: flow.isSuccess, notifyOnChangeProps: [] });
  const notFound = flow.error?.isNotFound === true;
  useEscapeOverTooltip(onClose);
  const title = flow.data ? `Permissions for ${flow.data.name}` : notFound ? 'Flow not found' : 'Permissions';

  return (
    <Modal
      open
      size={flow.isError ? 'small' : 'large'}
      title={title}
      onOpenChange={(open) => !open && onClose()}
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
            <AccessTestWatch flowId={flowId} />
            <Tabs.Root className="tabs" value={tab} onValueChange={(value) => onTabChange(tabFrom(value))}>
              <Tabs.List className="tabs__list" aria-label="Permission kinds">
                {PERMISSIONS_TABS.map(({ id, label }) => (
                  <Tabs.Trigger key={id} className="tabs__trigger" value={id}>
                    {label}
                  </Tabs.Trigger>
                ))}
              </Tabs.List>
              {showsLegend(tab) && <Legend />}
              <ErrorBoundary title="This tab failed to show">
                {PERMISSIONS_TABS.map(({ id }) => {
                  const Panel = PANELS[id];
                  return (
                    <Tabs.Content key={id} className="tabs__content" value={id}>
                      <Panel flowId={flowId} />
                    </Tabs.Content>
                  );
                })}
              </ErrorBoundary>
            </Tabs.Root>
          </StateMenuProvider>
        </FeedbackProvider>
      )}
    </Modal>
  );
}

/**
 * Radix gives Esc to the topmost layer only, so with a tooltip open the first Esc would close just the
 * tooltip. A tooltip is no place the administrator went to: one Esc closes the modal.
 */
function useEscapeOverTooltip(onClose: () => void) {
  const close = useEffectEvent(onClose);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      // An open menu is somewhere the administrator went: its Esc closes the menu alone.
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('[role="menu"]')) return;
      if (document.querySelector('[role="tooltip"]')) close();
    };
    // Capture, and added before any tooltip opens: it runs ahead of the tooltip's own Esc handling.
    document.addEventListener('keydown', onKeyDown, { capture: true });
    return () => document.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);
}
