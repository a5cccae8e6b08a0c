import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiTokenQueries, useCreateApiToken, useRevokeApiToken } from '../../api/api-tokens';
import { createApiTokenSchema, type ApiTokenInfo, type CreatedApiToken } from '../../../contract/api-tokens';
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states';

/** Tokens for automation (the perms command line in CI): created here, shown once, revocable. */
export function ApiTokensSection() {
  const tokens = useQuery(apiTokenQueries.list());
  return (
    <section className="panel manage-section" aria-labelledby="manage-api-tokens">
      <h2 id="manage-api-tokens" className="manage-section__title">
        API tokens
      </h2>
      <p className="manage-section__hint">
        For scripts and CI (npm run perms): send as Authorization: Bearer. Read-only tokens can export, plan and test; read-write
        tokens can also apply. History names the token.
      </p>
      <NewTokenForm />
      {tokens.isPending ? (
        <SkeletonRows count={2} label="Loading API tokens" />
      ) : tokens.isError ? (
        <ErrorState title="Could not load API tokens" message={tokens.error.message} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.items.length === 0 ? (
        <EmptyState title="No API tokens yet" />
      ) : (
        <ul className="manage-list" aria-label="API tokens">
          {tokens.data.items.map((token) => (
            <TokenRow key={token.id} token={token} />
          ))}
        </ul>
      )}
    </section>
  );
}

const day = (iso: string) => iso.slice(0, 10);

function stateOf(token: ApiTokenInfo): string {
  if (token.revokedAt) return `revoked ${day(token.revokedAt)}`;
  if (token.expiresAt) return `${Date.parse(token.expiresAt) <= Date.now() ? 'expired' : 'expires'} ${day(token.expiresAt)}`;
  return 'no expiry';
}

function TokenRow({ token }: { token: ApiTokenInfo }) {
  const revoke = useRevokeApiToken();
  return (
    <li className="row">
      <div className="row__text">
        <span className="row__name">{token.name}</span>
        <span className="row__description">
          {token.access === 'read' ? 'read-only' : 'read-write'} · created {day(token.createdAt)} by {token.createdBy} ·{' '}
          {stateOf(token)}
        </span>
        {revoke.isError && (
          <span className="form__error" role="alert">
            Could not revoke: {revoke.error.message}
          </span>
        )}
      </div>
      {!token.revokedAt && (
        <button
          type="button"
          className="button button--small button--danger-outline"
          disabled={revoke.isPending}
          onClick={() => revoke.mutate(token.id)}
        >
          {revoke.isPending ? 'Revoking…' : `Revoke ${token.name}`}
        </button>
      )}
    </li>
  );
}

function NewTokenForm() {
  const [name, setName] = useState('');
  const [access, setAccess] = useState<'read' | 'write'>('read');
  const [days, setDays] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const create = useCreateApiToken();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = createApiTokenSchema.safeParse({ name, access, ...(days.trim() ? { expiresInDays: Number(days) } : {}) });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'Check the token');
    setError(null);
    create.mutate(parsed.data, {
      onSuccess: (token) => {
        setCreated(token);
        setName('');
        setDays('');
      },
      onError: (failure) => setError(failure.message),
    });
  };

  return (
    <form className="form manage-form" onSubmit={submit} noValidate aria-label="New API token">
      <div className="manage-form__fields">
        <label className="field">
          <span className="form__label">Token name</span>
          <input className="input" value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="field">
          <span className="form__label">Access</span>
          <select
            className="input"
            value={access}
            onChange={(event) => setAccess(event.target.value === 'write' ? 'write' : 'read')}
          >
            <option value="read">Read-only</option>
            <option value="write">Read-write</option>
          </select>
        </label>
        <label className="field">
          <span className="form__label">Expires in days (optional)</span>
          <input className="input" inputMode="numeric" value={days} onChange={(event) => setDays(event.target.value)} />
        </label>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create token'}
        </button>
      </div>
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      {created && (
        <div className="manage-form__note" role="status">
          <p>Copy the token {created.name} now: it is shown only once.</p>
          <input
            className="input"
            readOnly
            aria-label={`New token ${created.name}`}
            value={created.token}
            onFocus={(event) => event.target.select()}
          />
        </div>
      )}
    </form>
  );
}
