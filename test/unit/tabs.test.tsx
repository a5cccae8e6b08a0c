import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { TabList, TabPanel, useTabIds } from '../../src/ui/tabs';

const TABS = [
  { id: 'one', label: 'One' },
  { id: 'two', label: 'Two' },
  { id: 'three', label: 'Three' },
] as const;
type Id = (typeof TABS)[number]['id'];

function ThreeTabs() {
  const [value, setValue] = useState<Id>('one');
  const ids = useTabIds<Id>();
  return (
    <>
      <TabList label="Numbers" tabs={TABS} value={value} onChange={setValue} ids={ids} />
      {TABS.map(({ id, label }) => (
        <TabPanel key={id} id={id} selected={id === value} ids={ids}>
          <button type="button">Inside {label}</button>
        </TabPanel>
      ))}
    </>
  );
}

const selected = () => screen.getByRole('tab', { selected: true });

describe('tabs', () => {
  it('wires tabs to their panels and keeps only the selected tab in the tab order', async () => {
    const user = userEvent.setup();
    render(<ThreeTabs />);
    expect(screen.getByRole('tablist', { name: 'Numbers' })).toBeInTheDocument();
    expect(selected()).toHaveTextContent('One');
    const panel = screen.getByRole('tabpanel', { name: 'One' });
    expect(selected()).toHaveAttribute('aria-controls', panel.id);
    expect(panel).toHaveTextContent('Inside One');
    for (const tab of screen.getAllByRole('tab', { selected: false }))
      expect(document.getElementById(tab.getAttribute('aria-controls') ?? '')).not.toBeNull();

    await user.tab();
    expect(screen.getByRole('tab', { name: 'One' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('tabpanel', { name: 'One' })).toHaveFocus();

    await user.click(screen.getByRole('tab', { name: 'Three' }));
    expect(selected()).toHaveTextContent('Three');
    expect(screen.getByRole('tabpanel', { name: 'Three' })).toHaveTextContent('Inside Three');
    expect(screen.queryByText('Inside One')).not.toBeInTheDocument();
  });

  it('moves and selects with the arrows (wrapping), Home and End', async () => {
    const user = userEvent.setup();
    render(<ThreeTabs />);
    await user.tab();
    const expectAt = (name: string) => {
      expect(screen.getByRole('tab', { name })).toHaveFocus();
      expect(selected()).toHaveTextContent(name);
    };
    await user.keyboard('{ArrowRight}');
    expectAt('Two');
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expectAt('One');
    await user.keyboard('{ArrowLeft}');
    expectAt('Three');
    await user.keyboard('{Home}');
    expectAt('One');
    await user.keyboard('{End}');
    expectAt('Three');
  });
});
