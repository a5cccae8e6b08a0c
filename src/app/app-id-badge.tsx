import { useQuery } from '@tanstack/react-query';
import { appKeyQueries } from '../api/app-keys';

/**
 * The served console: which app this is, and a warning while it runs on the public demo keys, with
 * which anyone can call it (the server-code key starts any flow as any user).
 */
// Inline until the top bar's styles (styles.css) take `.app-id`; it follows the account menu, which takes the free space.
const LAYOUT = { display: 'flex', alignItems: 'center', gap: 8 } as const;

export function AppIdBadge() {
  const keys = useQuery(appKeyQueries.keys());
  if (!keys.data) return null;
  return (
    <span className="app-id" style={LAYOUT}>
      <span className="demo-bar__badge" title="The application id apps use in /<appId>/<apiKey>/…">
        App {keys.data.appId}
      </span>
      {keys.data.demoKeys && (
        <span
          className="pill pill--deny"
          title="This server uses the public demo API keys: anyone can call its runtime API. Start it with SEED=none, or set API_KEYS, for a real app."
        >
          Public demo keys
        </span>
      )}
    </span>
  );
}
