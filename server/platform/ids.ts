/** Makes a new id; injected wherever ids are made, so tests can choose them. */
export type NewId = () => string;

/**
 * The one id generator: a random UUID-shaped id, upper case (user ids, execution ids, history entries,
 * app keys). `crypto.randomUUID` exists only in secure contexts in the browser; `getRandomValues`
 * exists everywhere, in Node 20 too.
 */
export const randomId: NewId = () => {
  const at = takeRandom16();
  pool[at + 6] = ((pool[at + 6] ?? 0) & 0x0f) | 0x40;
  pool[at + 8] = ((pool[at + 8] ?? 0) & 0x3f) | 0x80;
  let out = 0;
  for (let index = 0; index < 16; index++) {
    if (index === 4 || index === 6 || index === 8 || index === 10) text[out++] = DASH;
    const byte = pool[at + index] ?? 0;
    text[out++] = HEX[byte >> 4] ?? 0;
    text[out++] = HEX[byte & 15] ?? 0;
  }
  // One string made per id: building it from 16 two-character pieces and five slices made about 1 KB
  // of short-lived strings and a copy of the bytes at every id (two per activation).
  return String.fromCharCode.apply(null, text as unknown as number[]);
};

const HEX = Uint8Array.from('0123456789ABCDEF', (char) => char.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
const text = new Uint8Array(36);
/** Random bytes are drawn 256 ids at a time: one `getRandomValues` per id was a visible cost of each activation. */
const POOL_BYTES = 256 * 16;
let pool = new Uint8Array(0);
let used = 0;
/** Where the next id's 16 random bytes start in `pool`. */
function takeRandom16(): number {
  if (used + 16 > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    used = 0;
  }
  used += 16;
  return used - 16;
}
