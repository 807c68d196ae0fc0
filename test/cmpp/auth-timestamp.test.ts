// Authenticators (docs/protocol.md "Authenticators") and the 10-digit Timestamp.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  authenticatorIsmg,
  authenticatorsEqual,
  authenticatorSource,
  CmppEncodeError,
  cmppTimestamp,
  formatTimestamp,
} from '../../electron/cmpp/wire/index.js';

describe('Timestamp', () => {
  it('is always 10 digits: March keeps its leading zero', () => {
    expect(formatTimestamp(330104539)).toBe('0330104539');
    expect(formatTimestamp(1231235959)).toBe('1231235959');
    expect(formatTimestamp(0)).toBe('0000000000');
    expect(() => formatTimestamp(-1)).toThrow(RangeError);
    expect(() => formatTimestamp(1.5)).toThrow(RangeError);
    expect(() => formatTimestamp(2 ** 32)).toThrow(RangeError);
  });

  it('cmppTimestamp is MMDDHHMMSS in local time', () => {
    expect(cmppTimestamp(new Date(2024, 2, 30, 10, 45, 39))).toBe(330104539);
    expect(cmppTimestamp(new Date(2024, 11, 31, 23, 59, 59))).toBe(1231235959);
    expect(cmppTimestamp(new Date(2024, 0, 1, 0, 0, 0))).toBe(101000000);
    expect(() => cmppTimestamp(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('authenticators', () => {
  it('AuthenticatorSource hashes the zero-padded 10-digit timestamp', () => {
    const expected = createHash('md5')
      .update(Buffer.concat([Buffer.from('900001'), Buffer.alloc(9), Buffer.from('888888'), Buffer.from('0330104539')]))
      .digest();
    expect(authenticatorSource('900001', '888888', 330104539)).toEqual(expected);
    // The classic bug (9 digits) gives a different hash.
    const buggy = createHash('md5')
      .update(Buffer.concat([Buffer.from('900001'), Buffer.alloc(9), Buffer.from('888888'), Buffer.from('330104539')]))
      .digest();
    expect(authenticatorSource('900001', '888888', 330104539)).not.toEqual(buggy);
  });

  it('AuthenticatorISMG hashes Status as sent: 1 byte in 2.x, 4 bytes in 3.0', () => {
    const src = authenticatorSource('900001', '888888', 1021080510);
    const h = (status: Buffer) => createHash('md5').update(Buffer.concat([status, src, Buffer.from('888888')])).digest();
    expect(authenticatorIsmg(3, '2.0', src, '888888')).toEqual(h(Buffer.from([3])));
    expect(authenticatorIsmg(3, '3.0', src, '888888')).toEqual(h(Buffer.from([0, 0, 0, 3])));
    expect(() => authenticatorIsmg(256, '2.0', src, '888888')).toThrow(CmppEncodeError);
    expect(() => authenticatorIsmg(0, '3.0', src.subarray(0, 15), '888888')).toThrow(CmppEncodeError);
  });

  it('rejects a Source_Addr that does not fit, and bad timestamps', () => {
    expect(() => authenticatorSource('9000011', 's', 1)).toThrow(CmppEncodeError);
    expect(() => authenticatorSource('90000\u4e00', 's', 1)).toThrow(CmppEncodeError);
    expect(() => authenticatorSource('900001', 's', -5)).toThrow(CmppEncodeError);
  });

  it('authenticatorsEqual compares whole authenticators', () => {
    const a = authenticatorSource('900001', '888888', 1);
    expect(authenticatorsEqual(a, Buffer.from(a))).toBe(true);
    expect(authenticatorsEqual(a, authenticatorSource('900001', '888888', 2))).toBe(false);
    expect(authenticatorsEqual(a, a.subarray(0, 15))).toBe(false);
  });
});
