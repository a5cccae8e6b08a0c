/** Makes a new id; injected wherever ids are made, so tests can choose them. */
export type NewId = () => string;

/**
 * The one id generator: a random UUID-shaped id, upper case (user ids, execution ids, history entries,
 * app keys). `crypto.randomUUID` exists only in secure contexts in the browser; `getRandomValues`
 * exists everywhere, in Node 20 too.
 */
export const randomId: NewId = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`.toUpperCase();
};
