import { useSyncExternalStore } from 'react';
import { request, setClientAuth } from './client';
import { consoleSessionSchema, type ConsoleSession, type SignInInput } from '../../contract/auth';

/**
 * Console sign-in against the real server (the demo has none). The session lives in localStorage, so
 * a reload keeps it. When the server answers 401 (the session expired or was ended elsewhere), the
 * request waits here until the administrator signs in again, then goes out once more: writes queued
 * behind it wait their turn and are sent too, nothing is lost.
 */

const STORAGE_KEY = 'flow-console:session';

export type AuthState =
  /** No sign-in in this build (the demo, and tests that render the console alone). */
  | { status: 'off' }
  | { status: 'signedOut'; email: string | null }
  | { status: 'signedIn'; email: string }
  /** Signed in, but the server said the session ended: requests wait for a new sign-in. */
  | { status: 'expired'; email: string };

function load(): ConsoleSession | null {
  try {
    const parsed = consoleSessionSchema.safeParse(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

let session: ConsoleSession | null = null;
let state: AuthState = { status: 'off' };
let waiters: (() => void)[] = [];
const listeners = new Set<() => void>();

function setState(next: AuthState) {
  state = next;
  for (const listener of listeners) listener();
}

/** Installs the session into the API client; the console calls it once at start (not in the demo). */
export function enableConsoleAuth(): void {
  const saved = load();
  // A session that has run out by now is not worth a round trip: straight to the sign-in form.
  session = saved && Date.parse(saved.expiresAt) > Date.now() ? saved : null;
  state = session ? { status: 'signedIn', email: session.admin.email } : { status: 'signedOut', email: saved?.admin.email ?? null };
  setClientAuth({
    token: () => session?.token ?? null,
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

/** Signs in; requests waiting for a new session go out again with it. */
export async function signIn(input: SignInInput): Promise<ConsoleSession> {
  // Wrong credentials are 4013, not "sign in again" (4012): the answer comes back here, never waits.
  session = await request('/auth/sign-in', consoleSessionSchema, { method: 'POST', body: input });
  localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  setState({ status: 'signedIn', email: session.admin.email });
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

const AUTH_BASE = `${import.meta.env.VITE_API_BASE ?? ''}/api/console/auth`;

/**
 * Ends the session on the server (best effort) and here. Not through `request`: a session that has
 * already ended answers 401, and `request` would hold that until someone signs in again.
 */
export async function signOut(): Promise<void> {
  const token = session?.token;
  const email = session?.admin.email ?? null;
  session = null;
  localStorage.removeItem(STORAGE_KEY);
  setState({ status: 'signedOut', email });
  if (token) {
    await fetch(`${AUTH_BASE}/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
  }
}
