import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { accessQueries } from '../../api/access';
import type { AccessCheck, CheckAccessInput } from '../../../contract/access';
import { CHANNELS, SESSION_SOURCES, type Channel, type SessionSource } from '../../../domain/caller';
import { explainDecision } from '../../../domain/decision';
import { ErrorState } from '../../ui/states';
import { CHANNEL_LABELS, LEVEL_LABELS, SESSION_SOURCE_LABELS } from './labels';
import { displayName } from './user-row';
import { AccessTestsSection } from './access-tests-section';
import { UserPicker, type PickedUser } from './user-picker';

type Route = Exclude<Channel, 'ServerCode'> | 'CallFlow';

const ROUTES: readonly Route[] = [
  ...CHANNELS.filter((channel): channel is Exclude<Channel, 'ServerCode'> => channel !== 'ServerCode'),
  'CallFlow',
];
const routeLabel = (route: Route) => (route === 'CallFlow' ? 'Call Flow from another flow' : CHANNEL_LABELS[route]);

function inputFor(route: Route, source: SessionSource, anonymous: boolean, user: PickedUser | null): CheckAccessInput | null {
  if (route === 'CallFlow') {
    if (source === 'none') return { userId: null, channel: 'ServerCode', sessionSource: 'none' };
    return user ? { userId: user.id, channel: 'ServerCode', sessionSource: source } : null;
  }
  if (anonymous) return { userId: null, channel: route };
  return user ? { userId: user.id, channel: route } : null;
}

/** Who can start this flow, and why: pick a caller and a way in, see the decision and its trace. */
export function CheckAccessTab({ flowId }: { flowId: string }) {
  const [route, setRoute] = useState<Route>('REST');
  const [source, setSource] = useState<SessionSource>('none');
  const [anonymous, setAnonymous] = useState(true);
  const [user, setUser] = useState<PickedUser | null>(null);
  const input = inputFor(route, source, anonymous, user);
  const check = useQuery(accessQueries.check(flowId, input));
  const routeId = useId();
  const sourceId = useId();
  const needsUser = route === 'CallFlow' ? source !== 'none' : !anonymous;

  return (
    <div className="tab-panel check">
      <div className="check__form">
        <div className="field">
          <label htmlFor={routeId} className="form__label">
            Way in
          </label>
          <select id={routeId} className="input" value={route} onChange={(event) => setRoute(event.target.value as Route)}>
            {ROUTES.map((option) => (
              <option key={option} value={option}>
                {routeLabel(option)}
              </option>
            ))}
          </select>
        </div>
        {route === 'CallFlow' ? (
          <div className="field">
            <label htmlFor={sourceId} className="form__label">
              User Session Source
            </label>
            <select
              id={sourceId}
              className="input"
              value={source}
              onChange={(event) => setSource(event.target.value as SessionSource)}
            >
              {SESSION_SOURCES.map((option) => (
                <option key={option} value={option}>
                  {SESSION_SOURCE_LABELS[option]}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <fieldset className="field check__who">
            <legend className="form__label">Caller</legend>
            <div className="check__options">
              <label>
                <input type="radio" name="caller" checked={anonymous} onChange={() => setAnonymous(true)} /> Not logged in
              </label>
              <label>
                <input type="radio" name="caller" checked={!anonymous} onChange={() => setAnonymous(false)} /> A user
              </label>
            </div>
          </fieldset>
        )}
      </div>
      {needsUser && <UserPicker flowId={flowId} picked={user} onPick={setUser} />}

      <section className="check__result" aria-label="Result" aria-live="polite">
        {input === null ? (
          <p className="check__hint">Choose a user to see whether they can start this flow.</p>
        ) : check.isError ? (
          <ErrorState
            title="Could not check access"
            message={check.error.summary}
            details={check.error.details}
            onRetry={() => void check.refetch()}
          />
        ) : check.data ? (
          <Verdict check={check.data} userName={user && input.userId === user.id ? displayName(user) : null} />
        ) : (
          <p className="check__hint">Checking…</p>
        )}
      </section>
      <AccessTestsSection
        flowId={flowId}
        current={
          input && check.data
            ? { input, check: check.data, name: `${callerName(input, user)} via ${wayIn(route, source)}` }
            : null
        }
      />
    </div>
  );
}

const wayIn = (route: Route, source: SessionSource) =>
  route === 'CallFlow' ? `${routeLabel(route)} (${SESSION_SOURCE_LABELS[source]})` : routeLabel(route);

function callerName(input: CheckAccessInput, user: PickedUser | null): string {
  if (input.userId === null) return 'Not logged in';
  return user && user.id === input.userId ? displayName(user) : 'A user';
}

function levelOutcome(level: AccessCheck['levels'][number], check: AccessCheck): string {
  if (level.level === 'user' && check.caller.userId === null) return 'not applicable: nobody is logged in';
  if (level.outcome === 'notReached') return 'not reached';
  if (level.outcome === 'noValue') return 'nothing set';
  if (level.level === 'default') return 'decided: granted by default';
  return `decided: ${check.decision.value === 'grant' ? 'granted' : 'denied'}`;
}

function Verdict({ check, userName }: { check: AccessCheck; userName: string | null }) {
  const allowed = check.outcome === 'started';
  const headline =
    check.outcome === 'started'
      ? 'Can start this flow'
      : check.outcome === 'denied'
        ? 'Cannot start this flow'
        : 'Allowed, but the flow is not LIVE';
  return (
    <div className="verdict">
      <p className={`verdict__headline verdict__headline--${allowed ? 'grant' : check.outcome === 'denied' ? 'deny' : 'muted'}`}>
        {headline}
      </p>
      <p className="verdict__why">
        {explainDecision(check.decision).replace(/^./, (c) => c.toUpperCase())}. Roles held:{' '}
        {[...check.caller.customRoles, ...check.caller.systemRoles].join(', ')}.
      </p>
      <ol className="trace" aria-label="How it was decided">
        {check.levels.map((level) => (
          <li key={level.level} className={`trace__level trace__level--${level.outcome}`}>
            <span className="trace__name">{LEVEL_LABELS[level.level]}</span>
            <span className="trace__outcome">{levelOutcome(level, check)}</span>
            {level.entries.length > 0 && (
              <ul className="trace__entries">
                {level.entries.map((entry) => (
                  <li key={entry.principal}>
                    {entry.principal === check.caller.userId ? (userName ?? 'this user') : entry.principal}:{' '}
                    {entry.value === null ? 'not set' : entry.value === 'grant' ? 'granted' : 'denied'}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
