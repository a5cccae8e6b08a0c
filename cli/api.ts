/** The command line's calls to the console API, and its failures as sentences a person can act on. */

export class CliError extends Error {}

export interface Connection {
  readonly url: string;
  readonly token: string;
}

interface ErrorBody {
  code?: number;
  message?: string;
  unknown?: { flows: string[]; users: string[]; roles: string[] };
  conflicts?: unknown[];
}

function explain(status: number, body: ErrorBody, connection: Connection): string {
  const message = body.message ?? `the server answered ${status}`;
  if (status === 401) return `The server refused the token (401): ${message} Check --token or FLOWS_TOKEN.`;
  if (status === 403) return `This token may not do that (403): ${message}`;
  if (status === 404 && body.code === 4040)
    return `${connection.url} does not look like a flows console server (404): ${message}`;
  if (body.unknown) {
    const { flows, users, roles } = body.unknown;
    const lines = [
      ...flows.map((name) => `  flow  ${name}`),
      ...users.map((email) => `  user  ${email}`),
      ...roles.map((name) => `  role  ${name}`),
    ];
    return `Nothing was applied: the document names what does not exist on this server:\n${lines.join('\n')}`;
  }
  return `${message} (${status}${body.code ? `, code ${body.code}` : ''})`;
}

/** Calls the console API with the token; any failure becomes a CliError with a clear message. */
export async function call<T>(connection: Connection, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(`/api/console${path}`, connection.url), {
      method,
      headers: {
        authorization: `Bearer ${connection.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(
      `Cannot reach the server at ${connection.url} (${cause?.code ?? cause?.message ?? String(error)}). Check --url or FLOWS_URL, and that the server is running.`,
    );
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    throw new CliError(
      `${connection.url} answered ${response.status} with something other than JSON: is it a flows console server?`,
    );
  }
  if (!response.ok) throw new CliError(explain(response.status, (parsed ?? {}) as ErrorBody, connection));
  return parsed as T;
}
