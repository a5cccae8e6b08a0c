/** One server-sent event as a client sees it. */
export interface SseEvent {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: string;
}

/**
 * Reads a `text/event-stream` response as it comes: `next(match)` resolves with the first event not
 * yet taken that matches, waiting for it if needed; `close()` cancels the stream.
 */
export function readEvents(response: Response) {
  if (!response.body) throw new Error('The response has no body');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  const waiting = new Set<() => void>();
  let buffer = '';
  let ended = false;
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = block.split('\n').filter((line) => !line.startsWith(':'));
          if (fields.length === 0) continue;
          const field = (name: string) =>
            fields.filter((line) => line.startsWith(`${name}:`)).map((line) => line.slice(name.length + 1).trimStart());
          events.push({ event: field('event')[0] ?? 'message', id: field('id')[0], data: field('data').join('\n') });
        }
        waiting.forEach((wake) => wake());
      }
    } catch {
      // Cancelled.
    } finally {
      ended = true;
      waiting.forEach((wake) => wake());
    }
  })();
  return {
    async next(match: (event: SseEvent) => boolean = () => true, timeoutMs = 5_000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = events.findIndex(match);
        if (index >= 0) return events.splice(index, 1)[0] as SseEvent;
        if (ended) throw new Error('The stream ended');
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('Timed out waiting for an event');
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiting.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, left);
          waiting.add(wake);
        });
      }
    },
    get ended() {
      return ended;
    },
    close: () => reader.cancel().catch(() => undefined),
  };
}
