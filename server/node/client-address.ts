import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import type { ClientAddress } from '../http/client-address';

/**
 * The caller's address from the socket (`@hono/node-server` hands the request in `c.env.incoming`).
 * Behind a reverse proxy every socket is the proxy's: with `trustProxy`, X-Forwarded-For's last hop,
 * the address the proxy itself saw (the earlier hops are whatever the caller wrote).
 */
export function nodeClientAddress({ trustProxy }: { trustProxy: boolean }): ClientAddress {
  return (c: Context) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',').pop()?.trim();
      if (forwarded) return forwarded;
    }
    return incoming?.socket.remoteAddress ?? 'unknown';
  };
}
