/**
 * `npm run perms -- <command>` (also the package's `flows-perms` bin): permissions as code against a
 * running console server. Exit codes: 0 done (plan: nothing to change), 2 plan has changes, 1 error
 * or a failing permission test.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { ApplyAnswer, AccessTestReport, Plan, PlanChange } from '../contract/permissions-document';
import { accessTestsSchema, permissionsDocumentSchema } from '../contract/permissions-document';
import { call, CliError, type Connection } from './api';
import { readJsonFile } from './read-file';

const USAGE = `Usage: npm run perms -- <command> [options]

Commands:
  export [--flow NAME]...        print the app's permissions document (all flows, or these)
  plan -f perms.json             show what applying the document would change
                                 (exit 0: nothing, 2: changes, 1: error)
  apply -f perms.json [--yes]    apply the document, all or nothing, as one change set
  test -f access-tests.json      run permission tests (exit 1 if any fails)

Options:
  --url URL       the console server (or FLOWS_URL)
  --token TOKEN   an API token (or FLOWS_TOKEN)`;

const stateWord = (value: string | null) => (value === 'grant' ? 'granted' : value === 'deny' ? 'denied' : 'inherited');

const LEVEL_WORDS: Record<string, string> = {
  user: "the user's own value",
  customRole: 'a custom role',
  systemRole: 'a system role',
  appWide: 'the app-wide value',
  default: 'the default',
};

function describeChange(change: PlanChange): string {
  const mark = change.from === null ? '+' : change.to === null ? '-' : '~';
  const who = change.principal.kind === 'user' ? `user ${change.principal.email}` : `role ${change.principal.name}`;
  return `  ${mark} ${who}: ${stateWord(change.from)} → ${stateWord(change.to)}`;
}

/** The plan as a person reads it: per flow, then app-wide. */
function printPlan(plan: Pick<Plan, 'changes' | 'appWide'>, out: (line: string) => void): void {
  const flows = new Map<string, PlanChange[]>();
  for (const change of plan.changes) flows.set(change.flow, [...(flows.get(change.flow) ?? []), change]);
  for (const [flow, changes] of flows) {
    out(flow);
    for (const change of changes) out(describeChange(change));
  }
  if (plan.appWide.length > 0) {
    out('App-wide');
    for (const { role, from, to } of plan.appWide) out(`  ~ role ${role}: ${stateWord(from)} → ${stateWord(to)}`);
  }
}

const count = (plan: Pick<Plan, 'changes' | 'appWide'>) => plan.changes.length + plan.appWide.length;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function connectionOf(values: { url?: string | undefined; token?: string | undefined }): Connection {
  const url = values.url ?? process.env.FLOWS_URL;
  const token = values.token ?? process.env.FLOWS_TOKEN;
  if (!url) throw new CliError('No server: pass --url https://… or set FLOWS_URL.');
  if (!token) throw new CliError('No token: pass --token … or set FLOWS_TOKEN (create one on the Manage page, API tokens).');
  try {
    new URL(url);
  } catch {
    throw new CliError(`Not a URL: ${url}`);
  }
  return { url, token };
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new CliError('Not applied: pass --yes to apply without a question (no terminal to ask on).');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question(question);
  prompt.close();
  return /^y(es)?$/i.test(answer.trim());
}

export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      file: { type: 'string', short: 'f' },
      flow: { type: 'string', multiple: true },
      yes: { type: 'boolean', short: 'y' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command] = positionals;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  if (values.help || command === undefined) {
    out(USAGE);
    return command === undefined && !values.help ? 1 : 0;
  }
  const fileOf = () => {
    if (!values.file) throw new CliError(`${command} needs a file: -f <file>`);
    return values.file;
  };

  switch (command) {
    case 'export': {
      const connection = connectionOf(values);
      const query = (values.flow ?? []).map((name) => `flow=${encodeURIComponent(name)}`).join('&');
      const document = await call<unknown>(connection, 'GET', `/permissions/document${query ? `?${query}` : ''}`);
      out(JSON.stringify(document, null, 2));
      return 0;
    }
    case 'plan': {
      const document = readJsonFile(fileOf(), permissionsDocumentSchema, 'permissions document');
      const plan = await call<Plan>(connectionOf(values), 'POST', '/permissions/document/plan', { document });
      if (count(plan) === 0) {
        out(`No changes: the app matches ${values.file}.`);
        return 0;
      }
      printPlan(plan, out);
      out(`Plan: ${plural(count(plan), 'change')} (against revision ${plan.revision.slice(0, 12)}).`);
      if (plan.stale) {
        err(
          'Warning: the app changed since this document was exported; apply will refuse it (export again, or remove "exportedFrom").',
        );
      }
      return 2;
    }
    case 'apply': {
      const document = readJsonFile(fileOf(), permissionsDocumentSchema, 'permissions document');
      const connection = connectionOf(values);
      const plan = await call<Plan>(connection, 'POST', '/permissions/document/plan', { document });
      if (count(plan) === 0) {
        out(`Nothing to do: the app matches ${values.file}.`);
        return 0;
      }
      printPlan(plan, out);
      if (!values.yes && !(await confirm(`Apply ${plural(count(plan), 'change')}? [y/N] `))) {
        err('Not applied.');
        return 1;
      }
      const applied = await call<ApplyAnswer>(connection, 'POST', '/permissions/document/apply', {
        document,
        ifRevision: plan.revision,
      });
      const undo = applied.changeSetId
        ? ` Change set ${applied.changeSetId}: undo it in the console's history or with POST /api/console/permissions/batch/${applied.changeSetId}/undo.`
        : '';
      out(`Applied ${plural(count(applied), 'change')}.${undo}`);
      return 0;
    }
    case 'test': {
      const tests = readJsonFile(fileOf(), accessTestsSchema, 'permission test file');
      const report = await call<AccessTestReport>(connectionOf(values), 'POST', '/permissions/tests/run', tests);
      for (const result of report.results) {
        if (result.passed) {
          out(`✓ ${result.name}`);
          continue;
        }
        const why = result.error
          ? result.error
          : `expected ${result.expected}, got ${result.actual ?? 'nothing'}: decided by ${LEVEL_WORDS[result.level ?? ''] ?? result.level}${result.role ? ` (${result.role})` : ''} [level ${result.level}]`;
        out(`✗ ${result.name}: ${why}`);
      }
      out(`${report.passed} passed, ${report.failed} failed`);
      return report.failed > 0 ? 1 : 0;
    }
    default:
      throw new CliError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof CliError ? error.message : error instanceof Error ? `Error: ${error.message}` : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
