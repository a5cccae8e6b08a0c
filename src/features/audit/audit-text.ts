import type { AuditEntry, AuditKind } from '../../../contract/audit';

export const KIND_LABELS: Record<AuditKind, string> = {
  'permission.value': 'Flow permission',
  'app-wide.value': 'App-wide permission',
  'flow.create': 'Flow created',
  'flow.rename': 'Flow renamed',
  'flow.status': 'Flow status',
  'flow.delete': 'Flow deleted',
  'role.create': 'Role created',
  'role.delete': 'Role deleted',
  'role.membership': 'Role membership',
  'app-keys.shown': 'API keys shown',
  'api-token.create': 'API token made',
  'api-token.revoke': 'API token revoked',
  'access-test.save': 'Access test saved',
  'access-test.delete': 'Access test deleted',
  'sign-in': 'Signed in',
  'sign-in.failed': 'Failed sign-in',
};

/** The kind of change in words, with its change set when it was part of a batch. */
export const describeAuditChange = (entry: AuditEntry) =>
  entry.changeSetId ? `${KIND_LABELS[entry.kind]} (change set ${entry.changeSetId})` : KIND_LABELS[entry.kind];
