import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { enableConsoleAuth } from './api/auth';
import { installLeaveGuard } from './ui/leave-guard';
import { App } from './app/app';
import { createQueryClient } from './app/query-client';
import './styles.css';

const demo = import.meta.env.MODE !== 'production';

async function main() {
  // Before the demo's service worker adds its own listener: see installLeaveGuard.
  installLeaveGuard();
  // The demo's backend runs in a service worker; render only once it answers, or the first
  // requests would reach the dev server and get HTML back.
  if (demo) {
    const { startDemo } = await import('../mocks/browser');
    await startDemo();
  } else {
    enableConsoleAuth();
  }
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <App queryClient={createQueryClient()} demo={demo} />
    </StrictMode>,
  );
}

void main();
