/**
 * What the console's page may load and do: its own scripts, styles, images and API, no inline script,
 * no plugins, no `<base>`, and never inside another site's frame.
 *
 * `style-src` allows 'unsafe-inline' because Radix's Dialog locks page scroll with a `<style>` element
 * it writes at run time (react-remove-scroll-bar); Chromium blocks it otherwise, and its text holds the
 * scrollbar's width, so no fixed hash fits. Styles cannot run code; scripts stay strictly 'self'.
 * React's `style={…}` props go through the CSSOM, which CSP does not govern. `data:` images are the
 * inline favicon in index.html.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  // For browsers that predate frame-ancestors.
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // Console URLs name flows and users: they stay on this site.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};
