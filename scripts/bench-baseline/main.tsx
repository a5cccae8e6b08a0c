/**
 * The floors `npm run bench` measures the console against, in the same browser and run and timed the
 * same way (bench-page.ts): a bare DOM toggle (the click floor) and a bare React dialog that renders
 * 16 rows from memory on open (the open floor). No styles, no libraries but React.
 */
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

const toggle = document.getElementById('bare-toggle') as HTMLButtonElement;
toggle.addEventListener('click', () => {
  const granted = toggle.getAttribute('aria-label')?.endsWith('granted');
  toggle.setAttribute('aria-label', `Bare toggle: ${granted ? 'denied' : 'granted'}`);
  toggle.textContent = granted ? '✗' : '✓';
});

const ROWS = Array.from({ length: 16 }, (_, index) => ({
  id: `u_${index}`,
  name: `User ${index + 1}`,
  value: index % 3 === 0 ? 'granted' : 'denied',
}));

function BareDialog() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" aria-label="Permissions for Baseline" onClick={() => setOpen(true)}>
        Open
      </button>
      {open && (
        <div role="dialog" aria-label="Permissions for Baseline">
          <div role="list" aria-label="Users">
            {ROWS.map((row) => (
              <div role="listitem" key={row.id}>
                <span>{row.name}</span>
                <button type="button" aria-label={`${row.name}: ${row.value}`}>
                  {row.value === 'granted' ? '✓' : '✗'}
                </button>
              </div>
            ))}
          </div>
        </div>
      )}
    </>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(<BareDialog />);
