import type { ReactNode } from 'react';
import { useAuthState } from '../../api/auth';
import { Modal } from '../../ui/modal';
import { SignInForm } from './sign-in-form';
import './auth.css';

/**
 * The console against the real server: signed out, a sign-in page instead of the console; a session
 * that ended while working, a sign-in dialog over the console, which keeps its state and its queued
 * writes: they go out as soon as the administrator has signed in again.
 */
export function SignInGate({ children }: { children: ReactNode }) {
  const auth = useAuthState();
  if (auth.status === 'off') return children;
  // Usually one quick round trip: an empty page rather than a sign-in form that flashes past.
  if (auth.status === 'checking') return <main className="sign-in-page" aria-busy="true" aria-label="Checking your session" />;
  if (auth.status === 'signedOut') {
    return (
      <main className="sign-in-page" aria-labelledby="sign-in-title">
        <div className="sign-in-page__card panel">
          <span className="topbar__brand">
            <span className="topbar__logo" aria-hidden="true" />
            FlowRunner
          </span>
          <h1 id="sign-in-title" className="page__title">
            Sign in to the console
          </h1>
          <p className="page__subtitle">Administrators manage who may start the app&apos;s flows.</p>
          <SignInForm email={auth.email ?? ''} />
        </div>
      </main>
    );
  }
  return (
    <>
      {children}
      <Modal
        open={auth.status === 'expired'}
        // Closing is no way out: the console cannot work until the session is back.
        onOpenChange={() => undefined}
        title="Your session has ended"
        description="Sign in again to go on. Changes you made meanwhile are waiting, and are saved once you are signed in."
        role="alertdialog"
      >
        {auth.status === 'expired' && <SignInForm email={auth.email} />}
      </Modal>
    </>
  );
}
