/** The current time; injected, so that tests control it. */
export type Clock = () => Date;

/** The one place the backend reads the system clock. */
export const systemClock: Clock = () => new Date();
