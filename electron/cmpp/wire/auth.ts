// Login authenticators, docs/protocol.md "Authenticators". The version is part of neither hash.
import { createHash } from 'node:crypto';
import { CmppEncodeError } from './errors.js';
import { formatTimestamp } from './timestamp.js';
import type { CmppVersion } from './version.js';

/**
 * MD5(Source_Addr + 9 x 0x00 + secret + Timestamp as 10 zero-padded digits), docs/protocol.md "Authenticators". Source_Addr is
 * hashed as given, not NUL-padded to 6 (as gocmpp and most gateways do; SP_Ids are 6 digits in
 * practice); the secret is hashed as UTF-8.
 */
export function authenticatorSource(sourceAddr: string, secret: string, timestamp: number): Buffer {
  if (typeof sourceAddr !== 'string' || sourceAddr.length > 6 || !/^[\x01-\xff]*$/.test(sourceAddr)) {
    throw new CmppEncodeError('Source_Addr', `Source_Addr must be at most 6 single-byte characters without NUL, got ${JSON.stringify(sourceAddr)}`);
  }
  if (!Number.isInteger(timestamp) || timestamp < 0 || timestamp > 0xffffffff) {
    throw new CmppEncodeError('Timestamp', `Timestamp must be an integer 0..4294967295, got ${timestamp}`);
  }
  return createHash('md5')
    .update(Buffer.from(sourceAddr, 'latin1'))
    .update(Buffer.alloc(9))
    .update(secret, 'utf8')
    .update(formatTimestamp(timestamp), 'latin1')
    .digest();
}

/** MD5(Status bytes exactly as sent (1 byte in 2.x, 4 big-endian in 3.0) + AuthenticatorSource + secret), docs/protocol.md "Authenticators". */
export function authenticatorIsmg(status: number, version: CmppVersion, authSource: Uint8Array, secret: string): Buffer {
  const size = version === '2.0' ? 1 : 4;
  if (!Number.isInteger(status) || status < 0 || status > (size === 1 ? 0xff : 0xffffffff)) {
    throw new CmppEncodeError('Status', `Status ${status} does not fit the ${size}-byte Status of CMPP ${version}`);
  }
  if (!(authSource instanceof Uint8Array) || authSource.length !== 16) {
    throw new CmppEncodeError('AuthenticatorSource', 'AuthenticatorSource must be 16 bytes');
  }
  const s = Buffer.alloc(size);
  s.writeUIntBE(status, 0, size);
  return createHash('md5').update(s).update(authSource).update(secret, 'utf8').digest();
}

/** Constant-time comparison of two authenticators (a wrong one is a warning or a rejection, docs/protocol.md "Authenticators"). */
export function authenticatorsEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
