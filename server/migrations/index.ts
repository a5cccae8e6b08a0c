import { initial } from './001-initial';
import { consoleAccounts } from './002-console-accounts';
import { valueVersions } from './003-value-versions';
import { secureRuntime } from './004-secure-runtime';
import { emailKeys } from './005-email-keys';
import { changeSets } from './006-change-sets';
import { apiTokens } from './007-api-tokens';
import { auditLog } from './010-audit-log';
import { changeNotifications } from './012-change-notifications';
import { setValueFunction } from './013-set-value-function';
import { accessTests } from './014-access-tests';
import { activationColumns } from './015-activation-columns';
import { adminSessionNotifications } from './016-admin-session-notifications';
import { roleSetCounts } from './017-role-set-counts';
import { setUserValuesFunction } from './018-set-user-values';
import { userSearchIndex } from './019-user-search-index';
import type { Migration } from './types';

/** Every schema version, oldest first. Add a file and a line here; never change a released one. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  consoleAccounts,
  valueVersions,
  secureRuntime,
  emailKeys,
  changeSets,
  apiTokens,
  auditLog,
  changeNotifications,
  setValueFunction,
  accessTests,
  activationColumns,
  adminSessionNotifications,
  roleSetCounts,
  setUserValuesFunction,
  userSearchIndex,
];
