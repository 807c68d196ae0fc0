// CMPP protocol versions as data: a version names a layout family, not a Version byte.

/** Layout family. 2.0 covers Version bytes 0x20 and 0x21 (docs/protocol.md "Message bodies": 2.1 changed codes, not layouts). */
export type CmppVersion = '2.0' | '3.0';

export const VERSIONS: readonly CmppVersion[] = ['2.0', '3.0'];

/** The Version byte this client sends in CONNECT for each layout family. */
export const VERSION_BYTE: Readonly<Record<CmppVersion, number>> = { '2.0': 0x20, '3.0': 0x30 };

/**
 * Layout family of a CONNECT / CONNECT_RESP Version byte: high nibble 3 is 3.0, anything else 2.0.
 * docs/protocol.md "Message bodies": a 2.x gateway accepts 0x20 and 0x21, and old clients send 0x00 or 0x01 meaning 2.0.
 */
export function layoutOfVersionByte(b: number): CmppVersion {
  return (b & 0xf0) === 0x30 ? '3.0' : '2.0';
}

export function isCmppVersion(v: unknown): v is CmppVersion {
  return v === '2.0' || v === '3.0';
}

/** "0x30" style text of a Version byte, for logs and error messages. */
export function versionByteText(b: number): string {
  return `0x${(b & 0xff).toString(16).padStart(2, '0')}`;
}
