import type { Channel, SessionSource } from '../../../domain/caller';
import type { DecisionLevel } from '../../../domain/decision';

export const CHANNEL_LABELS: Record<Channel, string> = {
  REST: 'REST API',
  JS: 'JS SDK',
  Android: 'Android SDK',
  IOS: 'iOS SDK',
  DotNet: '.NET SDK',
  ActionScript: 'ActionScript SDK',
  ServerCode: 'Server code',
};

export const SESSION_SOURCE_LABELS: Record<SessionSource, string> = {
  none: 'None',
  executionInitUser: 'Execution Init User',
  triggerUser: 'Trigger User',
};

export const LEVEL_LABELS: Record<DecisionLevel, string> = {
  user: "The user's own value on this flow",
  customRole: 'Custom roles on this flow',
  systemRole: 'System roles on this flow',
  appWide: 'App-wide values',
  default: 'Default',
};

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "12 seconds ago", "3 minutes ago", or a date for anything older than a day. */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Math.abs(seconds) < 60) return relative.format(seconds, 'second');
  if (Math.abs(seconds) < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  return new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}
