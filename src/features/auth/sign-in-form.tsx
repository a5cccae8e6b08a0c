import { useId, useState, type FormEvent } from 'react';
import { signIn } from '../../api/auth';
import { signInSchema } from '../../../contract/auth';

/** Email, password, **Sign in**: against the server's `/api/console/auth/sign-in`. */
export function SignInForm({ email: initialEmail = '', onSignedIn }: { email?: string; onSignedIn?: () => void }) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = signInSchema.safeParse({ email, password });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Enter your email and password');
      return;
    }
    setPending(true);
    setError(null);
    try {
      await signIn(parsed.data);
      onSignedIn?.();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not sign in');
      setPending(false);
    }
  };

  const described = error ? errorId : undefined;
  // The session cookie is Secure: a browser keeps it over HTTPS, or plain HTTP on localhost only.
  const insecure = globalThis.isSecureContext === false;
  return (
    <form className="form sign-in-form" onSubmit={(event) => void submit(event)} noValidate>
      <label htmlFor={emailId} className="form__label">
        Email
      </label>
      <input
        id={emailId}
        className="input"
        type="email"
        autoComplete="username"
        value={email}
        autoFocus={initialEmail === ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        onChange={(event) => setEmail(event.target.value)}
      />
      <label htmlFor={passwordId} className="form__label">
        Password
      </label>
      <input
        id={passwordId}
        className="input"
        type="password"
        autoComplete="current-password"
        value={password}
        autoFocus={initialEmail !== ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        onChange={(event) => setPassword(event.target.value)}
      />
      {insecure && (
        <p className="form__error" role="note">
          This page is not served over HTTPS, so the browser will not keep the session: open the console over HTTPS.
        </p>
      )}
      {error && (
        <p id={errorId} className="form__error" role="alert">
          {error}
        </p>
      )}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}
