import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Flow } from '../../api/schemas';
import { FlowItem } from './flow-item';

const ESTIMATED_HEIGHT = 100;

interface FlowListProps {
  flows: Flow[];
  total: number;
  busy: boolean;
  hasMore: boolean;
  loadMore: () => void;
  onPermissions: (flow: Flow) => void;
  onRename: (flow: Flow) => void;
  onDelete: (flow: Flow) => void;
}

/** The flows, virtualized against the window so that 1,000 flows cost what a screenful does. */
export function FlowList({ flows, total, busy, hasMore, loadMore, ...actions }: FlowListProps) {
  const listRef = useRef<HTMLUListElement>(null);
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    setOffset(listRef.current?.offsetTop ?? 0);
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: flows.length,
    estimateSize: () => ESTIMATED_HEIGHT,
    overscan: 6,
    scrollMargin: offset,
    gap: 10,
    getItemKey: (index) => flows[index]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasMore && lastIndex >= flows.length - 10) loadMore();
  }, [hasMore, lastIndex, flows.length, loadMore]);

  return (
    <ul
      ref={listRef}
      className="flow-list"
      aria-label="Flows"
      aria-busy={busy || undefined}
      style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
    >
      {items.map((item) => {
        const flow = flows[item.index] as Flow;
        return (
          <FlowItem
            key={flow.id}
            ref={virtualizer.measureElement}
            index={item.index}
            setSize={total}
            top={item.start - virtualizer.options.scrollMargin}
            flow={flow}
            {...actions}
          />
        );
      })}
    </ul>
  );
}
