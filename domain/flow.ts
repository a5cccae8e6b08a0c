/** A flow's status is its versions': at most one is LIVE, and only a LIVE flow can be activated. */
export const FLOW_STATUSES = ['LIVE', 'READY', 'NOT READY'] as const;
export type FlowStatus = (typeof FLOW_STATUSES)[number];
