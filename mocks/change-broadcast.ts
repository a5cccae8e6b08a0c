import type { Change } from '../server/live/change-feed';

/** A change, or "the demo data was reset": every page reloads everything. */
export type BroadcastMessage = Change | { kind: 'reset' };

/** How the demo's pages of one browser tell each other of a change: a BroadcastChannel per dataset. */
export interface ChangeBroadcast {
  post(message: BroadcastMessage): void;
  /** Calls back with each message another page posted; returns an unsubscribe. */
  subscribe(onMessage: (message: BroadcastMessage) => void): () => void;
}

export function broadcastChanges(name: string): ChangeBroadcast | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(name);
  return {
    post: (message) => channel.postMessage(message),
    subscribe(onMessage) {
      const listener = (message: MessageEvent<BroadcastMessage>) => onMessage(message.data);
      channel.addEventListener('message', listener);
      return () => channel.removeEventListener('message', listener);
    },
  };
}
