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
  appWideCustomRole: 'App-wide values of custom roles',
  appWideSystemRole: 'App-wide values of system roles',
  default: 'Default',
};
