import type { AccessTestRun } from '../../../contract/access-tests';
import { LEVEL_LABELS } from './labels';

/** Why a test fails: what the flow answers now, and the level that decided it. */
export function failureText(test: AccessTestRun): string {
  if (test.actual === null) return `could not run: ${test.error ?? 'unknown reason'}`;
  const level = test.level === null ? '' : ` (${LEVEL_LABELS[test.level]}${test.role ? `: ${test.role}` : ''})`;
  return `expected ${test.expect}, now ${test.actual}${level}`;
}
