import { useCallback, useEffect } from 'react';
import type { Flow } from '../../../contract/console';
import { FlowItem } from './flow-item';
import { useWindowRows } from '../../ui/use-window-rows';

const ESTIMATED_HEIGHT = 100;
const GAP = 10;

interface FlowListProps {
  flows: Flow[];
  total: number;
  busy: boolean;
  hasMore: boolean;
  loadMore: () => void;
  onPermissions: (flow: Flow) => void;
  onRename: (flow: Flow) => void;
  onDelete: (flow: Flow) => void;
  onPrefetch: (flow: Flow, about: boolean) => void;
}

/** The flows, virtualized against the window so that 1,000 flows cost what a screenful does. */
export function FlowList({ flows, total, busy, hasMore, loadMore, ...actions }: FlowListProps) {
  const keyOf = useCallback((index: number) => flows[index]?.id ?? String(index), [flows]);
  const {
    listRef,
    rows,
    total: height,
    measure,
    lastIndex,
    focusHandlers,
  } = useWindowRows<HTMLUListElement>({
    count: flows.length,
    estimate: ESTIMATED_HEIGHT,
    gap: GAP,
    overscan: 6,
    keyOf,
  });

  useEffect(() => {
    if (hasMore && lastIndex >= flows.length - 10) loadMore();
  }, [hasMore, lastIndex, flows.length, loadMore]);

  return (
    <ul
      ref={listRef}
      className="flow-list"
      aria-label="Flows"
      aria-busy={busy || undefined}
      style={{ height, position: 'relative' }}
      {...focusHandlers}
    >
      {rows.map(({ index, start }) => {
        const flow = flows[index] as Flow;
        return <FlowItem key={flow.id} ref={measure} index={index} setSize={total} top={start} flow={flow} {...actions} />;
      })}
    </ul>
  );
}
