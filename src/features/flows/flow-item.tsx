import { memo, useCallback, type CSSProperties, type Ref } from 'react';
import type { Flow } from '../../../contract/console';
import { FLOW_ROW, liveFlashClass, useLiveChange } from '../../api/live-changes';
import { LockIcon, PencilIcon, TrashIcon } from '../../ui/icons';
import { Tooltip } from '../../ui/tooltip';
import { WhoCanStartLine } from './who-can-start';

/** The icons' ids, so that focus can return to them when their modal closes. */
export const lockButtonId = (flowId: string) => `permissions-button-${flowId}`;
export const renameButtonId = (flowId: string) => `rename-button-${flowId}`;
export const deleteButtonId = (flowId: string) => `delete-button-${flowId}`;
export const FLOW_SEARCH_ID = 'flow-search';

const STATUS_CLASS: Record<Flow['status'], string> = {
  LIVE: 'badge--live',
  READY: 'badge--ready',
  'NOT READY': 'badge--not-ready',
};

interface FlowItemProps {
  ref?: Ref<HTMLLIElement>;
  index: number;
  setSize: number;
  top: number;
  flow: Flow;
  onPermissions: (flow: Flow) => void;
  onRename: (flow: Flow) => void;
  onDelete: (flow: Flow) => void;
  /**
   * The administrator is about to open the flow's permissions (`about`: the pointer entered its title
   * bar, its lock got focus), or no longer (the pointer left the bar, the lock lost focus).
   */
  onPrefetch: (flow: Flow, about: boolean) => void;
}

export const FlowItem = memo(function FlowItem({
  ref,
  index,
  setSize,
  top,
  flow,
  onPermissions,
  onRename,
  onDelete,
  onPrefetch,
}: FlowItemProps) {
  const titleId = `flow-title-${flow.id}`;
  const live = flow.status === 'LIVE';
  // Another administrator renamed it or set its status while this page showed it.
  const changed = useLiveChange(flow.id, FLOW_ROW);
  // The pointer left the title bar: the browser's own pointerleave, which follows the tree. (React's
  // onPointerLeave is derived from pointerout and its relatedTarget, which synthetic pointers leave
  // empty, as if the pointer left the window.)
  const leaveRef = useCallback(
    (bar: HTMLDivElement | null) => {
      if (!bar) return;
      const leave = () => onPrefetch(flow, false);
      bar.addEventListener('pointerleave', leave);
      return () => bar.removeEventListener('pointerleave', leave);
    },
    [onPrefetch, flow],
  );
  return (
    <li
      ref={ref}
      data-index={index}
      className="flow"
      aria-labelledby={titleId}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      style={{ '--flow-color': flow.color, transform: `translateY(${top}px)` } as CSSProperties}
    >
      <div
        className={`flow__bar ${liveFlashClass(changed)}`.trimEnd()}
        onPointerEnter={() => onPrefetch(flow, true)}
        ref={leaveRef}
      >
        <div className="flow__title">
          <span className="flow__swatch" aria-hidden="true" />
          {/* The full name on hover, for the rare name longer than a whole line. */}
          <h2 className="flow__name" id={titleId} title={changed ? `${flow.name}\nChanged by ${changed.by}` : flow.name}>
            {flow.name}
          </h2>
        </div>
        <span className={`badge ${STATUS_CLASS[flow.status]}`} title={changed ? `Changed by ${changed.by}` : undefined}>
          {flow.status}
        </span>
        <div className="flow__actions">
          <Tooltip content="Permissions">
            <button
              type="button"
              id={lockButtonId(flow.id)}
              className="icon-button"
              aria-label={`Permissions for ${flow.name}`}
              onFocus={() => onPrefetch(flow, true)}
              onBlur={() => onPrefetch(flow, false)}
              onClick={() => onPermissions(flow)}
            >
              <LockIcon />
            </button>
          </Tooltip>
          <Tooltip content="Rename">
            <button
              type="button"
              id={renameButtonId(flow.id)}
              className="icon-button"
              aria-label={`Rename ${flow.name}`}
              onClick={() => onRename(flow)}
            >
              <PencilIcon />
            </button>
          </Tooltip>
          <Tooltip
            content={live ? 'A LIVE flow cannot be deleted. Set its status to READY or NOT READY first (Manage page).' : 'Delete'}
          >
            <button
              type="button"
              id={deleteButtonId(flow.id)}
              className="icon-button icon-button--danger"
              aria-label={`Delete ${flow.name}`}
              aria-disabled={live || undefined}
              onClick={() => {
                if (!live) onDelete(flow);
              }}
            >
              <TrashIcon />
            </button>
          </Tooltip>
        </div>
      </div>
      <p className="flow__description">{flow.description || 'No description'}</p>
      <WhoCanStartLine flowId={flow.id} />
    </li>
  );
});
