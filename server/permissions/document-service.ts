import type {
  AccessAssertion,
  AccessTestReport,
  ApplyAnswer,
  PermissionsDocument,
  Plan,
  PlanChange,
} from '../../contract/permissions-document';
import { PERMISSIONS_DOCUMENT_VERSION } from '../../contract/permissions-document';
import { callerFor, CHANNEL_ROLES, type Channel } from '../../domain/caller';
import { decide, type Caller } from '../../domain/decision';
import type { PermissionValue } from '../../domain/permission';
import { isSystemRole } from '../../domain/roles';
import { identityOf, permissionLookup } from '../access/access-rule';
import { emailKeyOf } from '../auth/types';
import type { DirectoryStore, User } from '../directory/directory-store';
import { allRoles } from '../directory/roles';
import type { Flow, FlowStore } from '../flows/flow-store';
import { ErrorCode, HttpError } from '../http/errors';
import { principalKey, type Principal } from '../store/types';
import { unknownTargets, type BatchService } from './batch-service';
import type { AppWideChange, BatchChange, PermissionStore } from './permission-store';

export interface DocumentServiceOptions {
  store: FlowStore & DirectoryStore & PermissionStore;
  batches: BatchService;
  /** This app's id: a document exported from it carries it, with the revision. */
  appId: string;
}

type FlowValues = { roles: Record<string, PermissionValue>; users: Record<string, PermissionValue> };

/** The app's explicit values, by the ids the store uses and the names a document uses. */
interface State {
  flows: { flow: Flow; values: Map<string, PermissionValue>; users: Map<string, User> }[];
  appWide: ReadonlyMap<string, PermissionValue>;
  roles: string[];
  revision: string;
}

const sorted = <T>(record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const revisionMoved = (message: string) => new HttpError(412, ErrorCode.revisionMoved, message);

/**
 * Permissions as code: the app's explicit values as a document (export), the differences between a
 * document and the app (plan), and the document applied as one batch (apply). Also permission tests:
 * assertions evaluated with the runtime's own rule.
 */
export function createDocumentService({ store, batches, appId }: DocumentServiceOptions) {
  async function allFlows(): Promise<Flow[]> {
    const flows: Flow[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await store.listFlows({ search: '', offset, limit: 100 });
      flows.push(...page.items);
      if (page.items.length === 0 || flows.length >= page.total) return flows;
    }
  }

  async function readState(): Promise<State> {
    const roles = (await allRoles(store)).map((role) => role.name);
    const rolePrincipals = roles.map((name): Principal => ({ kind: 'role', name }));
    const flows: State['flows'] = [];
    for (const flow of await allFlows()) {
      const users = new Map<string, User>();
      for (let offset = 0; ; offset += 1000) {
        const page = await store.listUsersWithValues(flow.id, { search: '', offset, limit: 1000 });
        for (const user of page.items) users.set(user.id, user);
        if (page.items.length === 0 || users.size >= page.total) break;
      }
      const principals = [...rolePrincipals, ...[...users.keys()].map((id): Principal => ({ kind: 'user', id }))];
      flows.push({ flow, values: await store.getValues(flow.id, principals), users });
    }
    const appWide = await store.getAppWideValues();
    const state = { flows, appWide, roles, revision: '' };
    return { ...state, revision: await sha256(JSON.stringify(documentOf(state))) };
  }

  function documentOf(state: Pick<State, 'flows' | 'appWide'>, only?: ReadonlySet<string>): PermissionsDocument {
    const flows: Record<string, FlowValues> = {};
    for (const { flow, values, users } of state.flows) {
      if (only && !only.has(flow.name)) continue;
      const entry: FlowValues = { roles: {}, users: {} };
      for (const [key, value] of values) {
        if (key.startsWith('role:')) entry.roles[key.slice('role:'.length)] = value;
        else {
          const user = users.get(key.slice('user:'.length));
          if (user) entry.users[user.email] = value;
        }
      }
      flows[flow.name] = { roles: sorted(entry.roles), users: sorted(entry.users) };
    }
    const appWide: Record<string, PermissionValue> = {};
    for (const [role, value] of state.appWide) if (value === 'deny') appWide[role] = value;
    return { version: PERMISSIONS_DOCUMENT_VERSION, appWide: sorted(appWide), flows: sorted(flows) };
  }

  /** The changes that make the app match the document; unknown names are refused together (422). */
  async function planOf(document: PermissionsDocument) {
    const state = await readState();
    const byName = new Map(state.flows.map((entry) => [entry.flow.name, entry]));
    const knownRoles = new Set(state.roles);
    const emails = Object.values(document.flows).flatMap((flow) => Object.keys(flow.users ?? {}));
    const users = await store.findUsersByEmail([...new Set(emails)]);
    const unknown = { flows: new Set<string>(), users: new Set<string>(), roles: new Set<string>() };
    for (const [name, flow] of Object.entries(document.flows)) {
      if (!byName.has(name)) unknown.flows.add(name);
      for (const role of Object.keys(flow.roles ?? {})) if (!knownRoles.has(role)) unknown.roles.add(role);
      for (const email of Object.keys(flow.users ?? {})) if (!users.has(emailKeyOf(email))) unknown.users.add(email);
    }
    for (const role of Object.keys(document.appWide ?? {})) if (!knownRoles.has(role)) unknown.roles.add(role);
    if (unknown.flows.size + unknown.users.size + unknown.roles.size > 0) {
      throw unknownTargets({ flows: [...unknown.flows], users: [...unknown.users], roles: [...unknown.roles] });
    }

    const changes: (PlanChange & { flowId: string; target: Principal })[] = [];
    for (const [name, desired] of Object.entries(document.flows)) {
      const entry = byName.get(name);
      if (!entry) continue;
      const wanted = new Map<string, { principal: Principal; shown: PlanChange['principal']; value: PermissionValue }>();
      for (const [role, value] of Object.entries(desired.roles ?? {})) {
        wanted.set(principalKey({ kind: 'role', name: role }), {
          principal: { kind: 'role', name: role },
          shown: { kind: 'role', name: role },
          value,
        });
      }
      for (const [email, value] of Object.entries(desired.users ?? {})) {
        const user = users.get(emailKeyOf(email)) as User;
        wanted.set(principalKey({ kind: 'user', id: user.id }), {
          principal: { kind: 'user', id: user.id },
          shown: { kind: 'user', email: user.email },
          value,
        });
      }
      for (const [key, { principal, shown, value }] of wanted) {
        const from = entry.values.get(key) ?? null;
        if (from !== value)
          changes.push({ flow: name, principal: shown, from, to: value, flowId: entry.flow.id, target: principal });
      }
      for (const [key, from] of entry.values) {
        if (wanted.has(key)) continue;
        const principal: Principal = key.startsWith('role:')
          ? { kind: 'role', name: key.slice('role:'.length) }
          : { kind: 'user', id: key.slice('user:'.length) };
        const shown: PlanChange['principal'] =
          principal.kind === 'role'
            ? { kind: 'role', name: principal.name }
            : { kind: 'user', email: entry.users.get(principal.id)?.email ?? principal.id };
        changes.push({ flow: name, principal: shown, from, to: null, flowId: entry.flow.id, target: principal });
      }
    }
    const appWide: { role: string; from: PermissionValue; to: PermissionValue }[] = [];
    if (document.appWide) {
      for (const role of state.roles) {
        const from = state.appWide.get(role) ?? 'grant';
        const to = document.appWide[role] ?? 'grant';
        if (from !== to) appWide.push({ role, from, to });
      }
    }
    const exported = document.exportedFrom;
    const stale =
      exported !== undefined &&
      exported.appId === appId &&
      exported.revision !== state.revision &&
      changes.length + appWide.length > 0;
    return { state, changes, appWide, stale };
  }

  const publicChanges = (changes: Awaited<ReturnType<typeof planOf>>['changes']): PlanChange[] =>
    changes.map(({ flow, principal, from, to }) => ({ flow, principal, from, to }));

  return {
    /** The app's explicit values as a document; `flows` names the flows to include (all when absent). */
    async exportDocument(flowNames: readonly string[] = []): Promise<PermissionsDocument> {
      const state = await readState();
      const known = new Set(state.flows.map((entry) => entry.flow.name));
      const missing = flowNames.filter((name) => !known.has(name));
      if (missing.length > 0) throw unknownTargets({ flows: missing, users: [], roles: [] });
      const document = documentOf(state, flowNames.length > 0 ? new Set(flowNames) : undefined);
      // A selection of flows says nothing about app-wide values: applying it leaves them alone.
      const { appWide, ...rest } = document;
      return {
        ...(flowNames.length > 0 ? rest : { ...rest, appWide }),
        exportedFrom: { appId, revision: state.revision },
      };
    },
    async plan(document: PermissionsDocument): Promise<Plan> {
      const { state, changes, appWide, stale } = await planOf(document);
      return { revision: state.revision, changes: publicChanges(changes), appWide, stale };
    },
    /** All or nothing, as one change set: refused (412) if the app moved since `ifRevision` or since the document's export. */
    async apply(document: PermissionsDocument, ifRevision: string | undefined, by: string): Promise<ApplyAnswer> {
      const { state, changes, appWide, stale } = await planOf(document);
      if (ifRevision !== undefined && ifRevision !== state.revision) {
        throw revisionMoved('The app’s permissions changed since the plan was made: plan again, then apply.');
      }
      if (stale) {
        throw revisionMoved(
          'The app’s permissions changed since this document was exported, and applying it would change them: export again and redo your edits, or remove "exportedFrom" to apply the document as it is.',
        );
      }
      if (changes.length === 0 && appWide.length === 0) {
        return { changeSetId: null, revision: state.revision, changes: [], appWide: [] };
      }
      // Each change is based on the version the plan saw, so a change made meanwhile refuses the whole apply.
      const versions = new Map<string, number>();
      for (const flowId of new Set(changes.map((change) => change.flowId))) {
        const targets = changes.filter((change) => change.flowId === flowId).map((change) => change.target);
        for (const [key, version] of await store.getVersions(flowId, targets)) versions.set(`${flowId}\n${key}`, version.version);
      }
      const batch: BatchChange[] = changes.map((change) => ({
        flowId: change.flowId,
        principal: change.target,
        value: change.to,
        expectedVersion: versions.get(`${change.flowId}\n${principalKey(change.target)}`) ?? 0,
      }));
      const appWideChanges: AppWideChange[] = appWide.map(({ role, to }) => ({ role, value: to }));
      const answer = await batches.apply(batch, by, appWideChanges);
      const after = await readState();
      return {
        changeSetId: answer.changeSetId,
        revision: after.revision,
        changes: publicChanges(changes),
        appWide,
      };
    },
    /** Evaluates each assertion with the runtime's rule (`decide`), on the app as it is now. */
    async runTests(tests: readonly AccessAssertion[]): Promise<AccessTestReport> {
      const emails = tests.flatMap((test) =>
        typeof test.caller === 'object' && 'user' in test.caller ? [test.caller.user] : [],
      );
      const users = await store.findUsersByEmail([...new Set(emails)]);
      const results: AccessTestReport['results'] = [];
      for (const test of tests) {
        const name = test.name ?? describeTest(test);
        const flow = await store.findFlowByName(test.flow);
        const user =
          typeof test.caller === 'object' && 'user' in test.caller ? users.get(emailKeyOf(test.caller.user)) : undefined;
        const error = !flow
          ? `no flow named "${test.flow}"`
          : typeof test.caller === 'object' && 'user' in test.caller && !user
            ? `no user with email "${test.caller.user}"`
            : undefined;
        if (!flow || error) {
          results.push({ name, passed: false, expected: test.expect, actual: null, level: null, ...(error ? { error } : {}) });
          continue;
        }
        const caller = callerOf(test, user ?? null);
        const decision = decide(caller, await permissionLookup(store, flow.id, caller));
        const actual = decision.value === 'grant' ? 'granted' : 'denied';
        results.push({
          name,
          passed: actual === test.expect,
          expected: test.expect,
          actual,
          level: decision.level,
          ...(decision.role ? { role: decision.role } : {}),
        });
      }
      const passed = results.filter((result) => result.passed).length;
      return { passed, failed: results.length - passed, results };
    },
  };
}

/** The caller an assertion describes, as the runtime would make it for that call. */
function callerOf(test: AccessAssertion, user: User | null): Caller {
  const channel: Channel = test.via === 'CallFlow' ? 'ServerCode' : test.via;
  if (test.caller === 'anonymous' || 'user' in test.caller) {
    // A Call Flow with session source none runs with no user, whoever started the calling flow.
    const withUser = test.via === 'CallFlow' && (test.sessionSource ?? 'none') === 'none' ? null : user;
    return callerFor(identityOf(withUser), channel);
  }
  const roles = test.caller.roles;
  return {
    userId: null,
    customRoles: roles.filter((role) => !isSystemRole(role)),
    systemRoles: [...new Set([...roles.filter((role) => isSystemRole(role)), CHANNEL_ROLES[channel]])],
  };
}

function describeTest(test: AccessAssertion): string {
  const who =
    test.caller === 'anonymous' ? 'anonymous' : 'user' in test.caller ? test.caller.user : `roles ${test.caller.roles.join('+')}`;
  const via = test.via === 'CallFlow' ? `Call Flow (session source ${test.sessionSource ?? 'none'})` : test.via;
  return `${who} via ${via} on "${test.flow}" is ${test.expect}`;
}

export type DocumentService = ReturnType<typeof createDocumentService>;
