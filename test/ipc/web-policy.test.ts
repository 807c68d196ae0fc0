import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../electron/ipc/sender.js';
import { externalUrlToOpen, isPermissionAllowed } from '../../electron/ipc/web-policy.js';

describe('permissions', () => {
  it('grant only clipboard-sanitized-write, and only to app://desk', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://desk/index.html')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://desk')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', '')).toBe(false);
    for (const p of ['clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal', 'fileSystem', 'hid', 'serial', 'usb', 'unknown']) {
      expect(isPermissionAllowed(p, 'app://desk/index.html'), p).toBe(false);
    }
  });
});

describe('external links', () => {
  it('open only parsed https URLs without credentials', () => {
    expect(externalUrlToOpen('https://www.10086.cn/')).toBe('https://www.10086.cn/');
    expect(externalUrlToOpen('HTTPS://Example.COM/a b')).toBe('https://example.com/a%20b');
    for (const url of [
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'app://desk/index.html',
      'ms-settings:',
      'https://user:pw@example.com/',
      'https://user@example.com/',
      ' not a url',
      '',
    ]) {
      expect(externalUrlToOpen(url), url).toBeNull();
    }
  });
});

describe('isAppUrl', () => {
  it('recognises our origin only', () => {
    expect(isAppUrl('app://desk/index.html')).toBe(true);
    expect(isAppUrl('app://desk/')).toBe(true);
    expect(isAppUrl('app://desk:80/')).toBe(false);
    expect(isAppUrl('app://desk.evil/')).toBe(false);
    expect(isAppUrl('https://desk/')).toBe(false);
    expect(isAppUrl('app:desk')).toBe(false);
  });
});
