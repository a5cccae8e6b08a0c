import { useQueryClient } from '@tanstack/react-query';
import { signOut, useAuthState } from '../../api/auth';

/** Who is signed in, and Sign out. */
export function AccountMenu() {
  const auth = useAuthState();
  const queryClient = useQueryClient();
  if (auth.status === 'off' || auth.status === 'checking' || auth.status === 'signedOut') return null;
  return (
    <div className="account-menu">
      <span className="account-menu__email">{auth.email}</span>
      <button
        type="button"
        className="button button--small button--ghost"
        onClick={() => {
          void signOut();
          queryClient.clear();
        }}
      >
        Sign out
      </button>
    </div>
  );
}
