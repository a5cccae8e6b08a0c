import { useSyncExternalStore } from 'react';
import { request, setClientAuth } from './client';
import { consoleSessionSchema, type SignInInput } from '../../contract/auth';
import { z } from '../../contract/zod';

/**
 * Console sign-in against the real server (the demo has none). The session is an HttpOnly cookie the
 * server sets at sign-in and the browser sends with every console request: no script on the page can
 * read it, so the client never holds a token; it asks the server whether it is signed in. When the
 * server answers 401 (the session expired or was ended elsewhere), the request waits here until the
 * administrator signs in again, then goes out once more: writes queued behind it wait their turn and
 * are sent too, nothing is lost.
 */

/** The sign-in's answer also carries a token for scripts; the console leaves it out. */
const sessionSchema = z.omit(consoleSessionSchema, { token: true });
type Session = z.infer<typeof sessionSchema>;

/** The last administrator's email, to fill in the form: not a credential. */
const EMAIL_KEY = 'flow-console:email';
/** Where earlier versions kept the session's token: removed, so no token stays readable by scripts. */
const LEGACY_SESSION_KEY = 'flow-console:session';

export type AuthState =
  /** No sign-in in this build (the demo, and tests that render the console alone). */
  | { status: 'off' }
  /** Asking the server whether the browser's cookie holds a session. */
  | { status: 'checking' }
  | { status: 'signedOut'; email: string | null }
  | { status: 'signedIn'; email: string }
  /** Signed in, but the server said the session ended: requests wait for a new sign-in. */
  | { status: 'expired'; email: string };

let state: AuthState = { status: 'off' };
/** A sign-out on its way: a sign-in waits for it, or its cleared cookie could arrive after the new one. */
let signingOut: Promise<unknown> = Promise.resolve();
let waiters: (() => void)[] = [];
const listeners = new Set<() => void>();

function setState(next: AuthState) {
  state = next;
  for (const listener of listeners) listener();
}

function lastEmail(): string | null {
  try {
    return localStorage.getItem(EMAIL_KEY);
  } catch {
    return null;
  }
}

function signedInAs(session: Session) {
  try {
    localStorage.setItem(EMAIL_KEY, session.admin.email);
  } catch {
    // Private mode or full storage: the form just starts empty next time.
  }
  setState({ status: 'signedIn', email: session.admin.email });
}

/** Installs sign-in into the API client and asks the server for the session; the console calls it once at start (not in the demo). */
export function enableConsoleAuth(): void {
  try {
    localStorage.removeItem(LEGACY_SESSION_KEY);
  } catch {
    // Nothing to remove.
  }
  waiters = [];
  state = { status: 'checking' };
  setClientAuth({
    signInAgain: (signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const done = () => resolve();
        waiters.push(done);
        signal?.addEventListener('abort', () => {
          waiters = waiters.filter((waiter) => waiter !== done);
          reject(signal.reason);
        });
        if (state.status === 'signedIn') setState({ status: 'expired', email: state.email });
      }),
  });
  request('/auth/session', sessionSchema, { waitForSignIn: false }).then(signedInAs, () =>
    setState({ status: 'signedOut', email: lastEmail() }),
  );
}

export function useAuthState(): AuthState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

/** Signs in (the server sets the session cookie); requests waiting for a new session go out again with it. */
export async function signIn(input: SignInInput): Promise<Session> {
  await signingOut;
  // Wrong credentials are 4013, not "sign in again" (4012): the answer comes back here, never waits.
  const session = await request('/auth/sign-in', sessionSchema, { method: 'POST', body: input });
  signedInAs(session);
  const resumed = waiters;
  waiters = [];
  for (const resume of resumed) resume();
  return session;
}

/** "Sign in as someone else": back to the sign-in form; without console sign-in, a fresh page. */
export function signInAsSomeoneElse(): void {
  if (state.status === 'off') window.location.reload();
  else void signOut();
}

/** Ends the session on the server, which clears the cookie (best effort), and here. */
export async function signOut(): Promise<void> {
  const email = state.status === 'signedIn' || state.status === 'expired' ? state.email : lastEmail();
  setState({ status: 'signedOut', email });
  signingOut = request('/auth/sign-out', null, { method: 'POST', waitForSignIn: false }).catch(() => undefined);
  await signingOut;
}
