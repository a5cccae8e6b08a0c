import { initial } from './001-initial';
import { consoleAccounts } from './002-console-accounts';
import { valueVersions } from './003-value-versions';
import { secureRuntime } from './004-secure-runtime';
import { emailKeys } from './005-email-keys';
import { auditLog } from './010-audit-log';
import type { Migration } from './types';

/** Every schema version, oldest first. Add a file and a line here; never change a released one. */
export const MIGRATIONS: readonly Migration[] = [initial, consoleAccounts, valueVersions, secureRuntime, emailKeys, auditLog];
