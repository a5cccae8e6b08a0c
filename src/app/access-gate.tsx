import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { AlertIcon } from '../ui/icons';

type AccessProblem = 'signedOut' | 'forbidden';

/** Wrong email or password at sign-in is the sign-in form's business, not a session that ended. */
const WRONG_CREDENTIALS = 4013;

function problemOf(error: unknown): AccessProblem | null {
  if (!(error instanceof ApiError)) return null;
  if (error.isForbidden) return 'forbidden';
  if (error.isSignedOut && error.code !== WRONG_CREDENTIALS) return 'signedOut';
  return null;
}

/**
 * Watches every answer of the console API: a 403 means the caller is no administrator of this app, a
 * 401 that the session ended. Callers still show their own error states; this adds the way out.
 */
function useAccessProblem() {
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<AccessProblem | null>(null);
  useEffect(() => {
    const seen = (error: unknown) => {
      const found = problemOf(error);
      if (found) setProblem((current) => (current === 'forbidden' ? current : found));
    };
    const offQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated') return;
      if (event.action.type === 'error') seen(event.action.error);
      // Signed in again: a query that had failed now succeeds. (A query that never failed proves
      // nothing: it may have been answered before the session ended.)
      if (event.action.type === 'success' && event.query.state.errorUpdateCount > 0) {
        setProblem((current) => (current === 'signedOut' ? null : current));
      }
    });
    const offMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') seen(event.action.error);
    });
    return () => {
      offQueries();
      offMutations();
    };
  }, [queryClient]);
  return problem;
}

/**
 * A 403 replaces the console with "not an administrator"; a 401 adds a sign-in prompt above it.
 * `onSignIn` shows the sign-in (console sign-in lives in its own feature); by default the page reloads.
 */
export function AccessGate({
  children,
  onSignIn = () => window.location.reload(),
}: {
  children: ReactNode;
  onSignIn?: () => void;
}) {
  const problem = useAccessProblem();
  if (problem === 'forbidden') {
    return (
      <main className="page access-problem" aria-labelledby="access-problem-title">
        <AlertIcon width={28} height={28} />
        <h1 id="access-problem-title" className="page__title">
          Not an administrator
        </h1>
        <p>
          You are signed in, but not as an administrator of this app. The console changes who may start its flows, so only
          administrators can use it. Sign in with an administrator&apos;s account, or ask an administrator for access.
        </p>
        <button type="button" className="button button--primary" onClick={onSignIn}>
          Sign in as someone else
        </button>
      </main>
    );
  }
  return (
    <>
      {problem === 'signedOut' && (
        <div className="sign-in-prompt" role="alert">
          <AlertIcon />
          <span>Your session has ended. Sign in again to keep working: what was saved stays saved.</span>
          <button type="button" className="button button--small button--primary" onClick={onSignIn}>
            Sign in
          </button>
        </div>
      )}
      {children}
    </>
  );
}
