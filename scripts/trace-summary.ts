/**
 * Reading a Chromium performance trace (CDP Tracing) and a sampled JS profile (CDP Profiler): the main
 * thread's time by trace event and JS time by function inside given windows, and the long tasks in a
 * span with what each held. Used by `scripts/bench-trace.ts` and `scripts/bench-bulk-deny.ts`.
 */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: {
    name?: string;
    data?: {
      type?: string;
      functionName?: string;
      url?: string;
      lineNumber?: number;
      stackTrace?: { functionName: string; url: string; lineNumber: number }[];
    };
  };
}

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The main thread's time by trace event name, inside the windows, not counting an event nested in one of the same name. */
export function byEvent(events: TraceEvent[], windows: [number, number][], main: { pid: number; tid: number }) {
  const totals = new Map<string, number>();
  const inside = (event: TraceEvent) => windows.some(([from, to]) => event.ts >= from && event.ts < to);
  const open = new Map<string, number>();
  const complete = events
    .filter((event) => event.ph === 'X' && event.pid === main.pid && event.tid === main.tid && event.dur !== undefined)
    .sort((a, b) => a.ts - b.ts);
  for (const event of complete) {
    if (!inside(event)) continue;
    const data = event.args?.data;
    const where = (data?.url ?? '').split('/').pop() ?? '';
    const name =
      event.name === 'EventDispatch'
        ? `EventDispatch ${data?.type ?? ''}`
        : event.name === 'FunctionCall' || event.name === 'TimerFire'
          ? `${event.name} ${data?.functionName || '(anonymous)'} ${where}:${data?.lineNumber ?? ''}`
          : event.name;
    const until = open.get(name) ?? 0;
    if (event.ts < until) continue;
    open.set(name, event.ts + (event.dur ?? 0));
    totals.set(name, (totals.get(name) ?? 0) + (event.dur ?? 0) / 1000);
  }
  return totals;
}

/** Inclusive and self JS time by function inside the windows, from the sampled profiles. */
export function byFunction(profiles: Profile[], windows: [number, number][]) {
  const inclusive = new Map<string, number>();
  const self = new Map<string, number>();
  for (const profile of profiles) addSamples(profile, windows, inclusive, self);
  return { inclusive, self };
}

function addSamples(profile: Profile, windows: [number, number][], inclusive: Map<string, number>, self: Map<string, number>) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node: ProfileNode) => {
    const file = node.callFrame.url.split('/').pop() ?? '';
    return `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber + 1}`;
  };
  let at = profile.startTime;
  for (let index = 0; index < profile.samples.length; index++) {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    const next = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    if (!windows.some(([from, to]) => at >= from && at < to)) continue;
    let id: number | undefined = profile.samples[index];
    const seen = new Set<string>();
    const leaf = nodes.get(id as number);
    if (leaf) self.set(label(leaf), (self.get(label(leaf)) ?? 0) + next);
    while (id !== undefined) {
      const node = nodes.get(id);
      if (!node) break;
      const name = label(node);
      if (!seen.has(name)) {
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + next);
      }
      id = parent.get(id);
    }
  }
}

export const top = (totals: Map<string, number>, count: number, per: number) =>
  [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, total]) => `  ${(total / per).toFixed(2).padStart(7)} ms  ${name}`)
    .join('\n');

/** The renderer's main thread: the CrRendererMain thread of the process that emitted `marker`. */
export function mainThread(
  events: TraceEvent[],
  marker: (event: TraceEvent) => boolean,
): { pid: number; tid: number } | undefined {
  const pids = new Set(events.filter(marker).map((event) => event.pid));
  const thread = events.find(
    (event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain' && pids.has(event.pid),
  );
  return thread ? { pid: thread.pid, tid: thread.tid } : undefined;
}

/** The main thread's tasks of at least `minMs` between `from` and `to` (trace microseconds). */
export function longTasks(
  events: TraceEvent[],
  main: { pid: number; tid: number },
  from: number,
  to: number,
  minMs = 50,
): TraceEvent[] {
  return events.filter(
    (event) =>
      event.name === 'RunTask' &&
      event.ph === 'X' &&
      event.pid === main.pid &&
      event.tid === main.tid &&
      (event.dur ?? 0) >= minMs * 1000 &&
      event.ts + (event.dur ?? 0) >= from &&
      event.ts <= to,
  );
}

/** Each task's time by trace event and its JS by self time, top `count` of each. */
export function describeTasks(
  tasks: TraceEvent[],
  events: TraceEvent[],
  profiles: Profile[],
  main: { pid: number; tid: number },
  count = 6,
): string {
  return tasks
    .map((task) => {
      const window: [number, number][] = [[task.ts, task.ts + (task.dur ?? 0)]];
      return [
        `  ${((task.dur ?? 0) / 1000).toFixed(1)} ms:`,
        top(byEvent(events, window, main), count, 1).replaceAll('\n', '\n  '),
        top(byFunction(profiles, window).self, count, 1).replaceAll('\n', '\n  '),
      ].join('\n');
    })
    .join('\n');
}
