import type { AccessTestStore } from '../access/access-test-store';
import type { ActivationStore } from '../access/activation-store';
import type { AuditStore } from '../audit/audit-store';
import type { ImpactStore } from '../impact/impact-store';
import type { LoginAttemptStore } from '../auth/login-attempt-store';
import type { DirectoryStore } from '../directory/directory-store';
import type { FlowStore } from '../flows/flow-store';
import type { PermissionStore } from '../permissions/permission-store';
import type { AppUserStore } from '../runtime/app-user-store';

/**
 * Where the backend keeps its data, made of each component's part. The memory store implements it
 * for the demo and tests; the PostgreSQL store implements the same contract for the real server.
 */
export type Store = FlowStore &
  DirectoryStore &
  PermissionStore &
  AppUserStore &
  LoginAttemptStore &
  ActivationStore &
  AuditStore &
  ImpactStore &
  AccessTestStore;
