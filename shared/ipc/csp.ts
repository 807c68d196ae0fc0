// The production Content-Security-Policy.
// script-src has no 'unsafe-inline'/'unsafe-eval': the bundle carries no inline
// script. style-src needs 'unsafe-inline' because antd injects <style> tags at run
// time (a fixed nonce in a meta tag would protect nothing).

const directives: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** Sent as a response header by the app:// handler (and by the browser-test server). */
export const CSP_HEADER = directives.map(([k, v]) => `${k} ${v}`).join('; ');

/**
 * The same policy for index.html's <meta http-equiv>. frame-ancestors is left out:
 * browsers ignore it in a meta tag and Chromium logs a console error for it; the
 * header carries it.
 */
export const CSP_META = directives
  .filter(([k]) => k !== 'frame-ancestors')
  .map(([k, v]) => `${k} ${v}`)
  .join('; ');
