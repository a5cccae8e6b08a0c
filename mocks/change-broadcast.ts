import type { Change } from '../server/live/change-feed';

/** How the demo's pages of one browser tell each other of a change: a BroadcastChannel per dataset. */
export interface ChangeBroadcast {
  post(change: Change): void;
  /** Calls back with each change another page posted; returns an unsubscribe. */
  subscribe(onChange: (change: Change) => void): () => void;
}

export function broadcastChanges(name: string): ChangeBroadcast | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(name);
  return {
    post: (change) => channel.postMessage(change),
    subscribe(onChange) {
      const listener = (message: MessageEvent<Change>) => onChange(message.data);
      channel.addEventListener('message', listener);
      return () => channel.removeEventListener('message', listener);
    },
  };
}
