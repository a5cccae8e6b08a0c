import { useId, type KeyboardEvent, type ReactNode } from 'react';

/**
 * Tabs in the WAI-ARIA pattern with automatic activation: a `tablist` of `tab` buttons, each
 * `aria-selected` and `aria-controls` its `tabpanel`; only the selected tab is in the tab order
 * (roving tabindex); ← and → move to the previous and next tab (wrapping), Home and End to the first
 * and last, and the tab focused is selected. Only the selected panel renders its content; the other
 * panels are empty and hidden, so every `aria-controls` names an element.
 *
 * Our own rather than Radix's (decision 002): Radix's tabs mounted about 60 components for five tabs
 * (a roving focus group, a collection, `Presence` per panel reading its computed style), in the first
 * frame of the Permissions dialog.
 */
export function useTabIds<Id extends string>() {
  const base = useId();
  return { tab: (id: Id) => `${base}tab-${id}`, panel: (id: Id) => `${base}panel-${id}` };
}

type TabIds<Id extends string> = ReturnType<typeof useTabIds<Id>>;

interface TabListProps<Id extends string> {
  label: string;
  tabs: readonly { id: Id; label: string }[];
  value: Id;
  onChange: (id: Id) => void;
  ids: TabIds<Id>;
}

export function TabList<Id extends string>({ label, tabs, value, onChange, ids }: TabListProps<Id>) {
  const move = (event: KeyboardEvent, from: number) => {
    const last = tabs.length - 1;
    const to =
      event.key === 'ArrowRight'
        ? from === last
          ? 0
          : from + 1
        : event.key === 'ArrowLeft'
          ? from === 0
            ? last
            : from - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    const tab = to === null ? undefined : tabs[to];
    if (!tab) return;
    event.preventDefault();
    document.getElementById(ids.tab(tab.id))?.focus();
    if (tab.id !== value) onChange(tab.id);
  };
  return (
    <div role="tablist" aria-label={label} aria-orientation="horizontal" className="tabs__list">
      {tabs.map((tab, index) => {
        const selected = tab.id === value;
        return (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={ids.tab(tab.id)}
            className="tabs__trigger"
            aria-selected={selected}
            aria-controls={ids.panel(tab.id)}
            data-state={selected ? 'active' : 'inactive'}
            tabIndex={selected ? 0 : -1}
            onClick={() => !selected && onChange(tab.id)}
            onKeyDown={(event) => move(event, index)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}

interface TabPanelProps<Id extends string> {
  id: Id;
  selected: boolean;
  ids: TabIds<Id>;
  className?: string;
  children: ReactNode;
}

export function TabPanel<Id extends string>({ id, selected, ids, className, children }: TabPanelProps<Id>) {
  return (
    <div
      role="tabpanel"
      id={ids.panel(id)}
      aria-labelledby={ids.tab(id)}
      className={className}
      data-state={selected ? 'active' : 'inactive'}
      hidden={!selected}
      tabIndex={0}
    >
      {selected && children}
    </div>
  );
}
