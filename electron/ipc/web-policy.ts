// Decisions main.ts applies to web contents (Electron security checklist): which
// permissions a page gets and which links may leave the app.
import { isAppUrl } from './sender.js';

/** Copying a Msg_Id or a number is an everyday action; everything else is denied. */
const allowedPermissions: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** For both the permission request and the permission check handler; only our own app:// pages qualify. */
export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return allowedPermissions.has(permission) && isAppUrl(requestingUrl);
}

/**
 * The URL to hand to shell.openExternal, or null to open nothing. Only parsed
 * https: URLs without embedded credentials leave the app (no file:, smb:, custom
 * protocol handlers or `https://user@host` look-alikes).
 */
export function externalUrlToOpen(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.hostname === '') return null;
  return u.href;
}
