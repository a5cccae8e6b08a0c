/** Makes a new id; injected wherever ids are made, so tests can choose them. */
export type NewId = () => string;

/**
 * The one id generator: a random UUID-shaped id, upper case (user ids, execution ids, history entries,
 * app keys). `crypto.randomUUID` exists only in secure contexts in the browser; `getRandomValues`
 * exists everywhere, in Node 20 too.
 */
export const randomId: NewId = () => {
  const bytes = randomBytes();
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  let hex = '';
  for (const byte of bytes) hex += HEX[byte];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0').toUpperCase());
/** Random bytes are drawn 256 ids at a time: one `getRandomValues` per id was a visible cost of each activation. */
const POOL_BYTES = 256 * 16;
let pool = new Uint8Array(0);
let used = 0;
function randomBytes(): Uint8Array {
  if (used + 16 > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    used = 0;
  }
  used += 16;
  return pool.slice(used - 16, used);
}
