import { reactCommits } from '../scripts/react-commits';

// React reads its DevTools hook as it loads: this module is imported before anything imports React.
// Paused until a test counts (see countCommits in render.tsx).
reactCommits();
(window as unknown as { __commitsPaused: boolean }).__commitsPaused = true;
