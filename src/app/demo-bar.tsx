import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ScenarioPanel } from './scenario-panel';

/** Demo mode only: the data comes from the browser, and can be put back to the seed. */
export function DemoBar() {
  const queryClient = useQueryClient();
  const [state, setState] = useState<'idle' | 'resetting' | 'failed'>('idle');
  const reset = async () => {
    setState('resetting');
    const response = await fetch('/api/demo/reset', { method: 'POST' }).catch(() => null);
    if (!response?.ok) {
      setState('failed');
      return;
    }
    await queryClient.resetQueries();
    setState('idle');
  };
  return (
    <div className="demo-bar">
      <span className="demo-bar__badge" title="Mock data served in your browser; changes are kept in this browser">
        Demo data
      </span>
      <ScenarioPanel />
      <button type="button" className="button button--small" onClick={() => void reset()} disabled={state === 'resetting'}>
        {state === 'resetting' ? 'Resetting…' : 'Reset demo data'}
      </button>
      {state === 'failed' && <span role="alert">Reset failed</span>}
    </div>
  );
}
