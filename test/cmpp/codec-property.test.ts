// Property tests: decode(encode(x)) deep-equals x for random valid PDUs of every type in both
// versions, and encode(decode(b)) == b for every frame b that decodes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CmppDecodeError,
  CmppError,
  decodePdu,
  decodeReport,
  encodePdu,
  encodeReport,
  VERSIONS,
  type CmppVersion,
  type Pdu,
  type StatusReport,
} from '../../electron/cmpp/wire/index.js';
import { ALL_PDU_NAMES, bytes, field, octets, pduArb, u32, u64 } from './codec-arbitraries.js';
import { FRAME_VECTORS, V } from './codec-vectors.js';

/** encode(decode(b)) must give b back whenever b decodes; otherwise the error must be typed. */
function reencodes(b: Buffer, version: CmppVersion): boolean {
  let p: Pdu;
  try {
    p = decodePdu(b, version);
  } catch (e) {
    if (!(e instanceof CmppError)) throw e;
    return false;
  }
  expect(encodePdu(p, version)).toEqual(b);
  return true;
}

describe.each(VERSIONS)('CMPP %s round trips', (version) => {
  it('decode(encode(x)) deep-equals x for every PDU type', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(pduArb(version), (x) => {
        seen.add(x.Command_Id);
        const frame = encodePdu(x, version);
        expect(frame.readUInt32BE(0)).toBe(frame.length);
        expect(decodePdu(frame, version)).toEqual(x);
      }),
      { numRuns: 3000 },
    );
    expect([...seen].sort()).toEqual([...ALL_PDU_NAMES].sort());
  });

  it('encode(decode(b)) == b for frames with random bytes written over valid encodings', () => {
    let decoded = 0;
    fc.assert(
      fc.property(
        pduArb(version, { maxDest: 5 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
        (x, writes) => {
          const b = encodePdu(x, version);
          if (b.length === 12) return;
          for (const [pos, value] of writes) b[12 + (pos % (b.length - 12))] = value;
          if (reencodes(b, version)) decoded++;
        },
      ),
      { numRuns: 3000 },
    );
    // Most overwrites leave the counts alone, so most of these frames must have decoded.
    expect(decoded).toBeGreaterThan(1000);
  });

  it('junk after a NUL in any Octet String survives decode/encode byte for byte', () => {
    fc.assert(
      fc.property(pduArb(version, { maxDest: 3 }), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 40 }), (x, at, junk) => {
        const b = encodePdu(x, version);
        // Find a NUL that is followed by padding and put junk after it.
        const nuls: number[] = [];
        for (let i = 12; i < b.length - 1; i++) if (b[i] === 0 && b[i + 1] === 0) nuls.push(i);
        if (nuls.length === 0) return;
        const start = nuls[at % nuls.length]! + 1;
        for (let i = 0; i < junk.length && start + i < b.length; i++) if (b[start + i] === 0) b[start + i] = junk[i]! | 1;
        reencodes(b, version);
      }),
      { numRuns: 2000 },
    );
  });

  it('a frame decoded in the other version either fails with a typed error or re-encodes in it', () => {
    const other: CmppVersion = version === '2.0' ? '3.0' : '2.0';
    fc.assert(
      fc.property(pduArb(version, { maxDest: 5 }), (x) => {
        reencodes(encodePdu(x, version), other);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('fixed round trips', () => {
  it('every conformance vector re-encodes byte for byte, in both versions where it decodes', () => {
    for (const { frame } of FRAME_VECTORS) for (const version of VERSIONS) reencodes(frame, version);
  });

  it('a non-canonical field keeps its raw bytes only while its value is unchanged', () => {
    const frame = Buffer.from(V.deliverMo20);
    const destId = 12 + 8; // Dest_Id, 21 bytes: "900001" + NUL + junk
    frame[destId + 10] = 0x41;
    const p = decodePdu(frame, '2.0') as Extract<Pdu, { Command_Id: 'CMPP_DELIVER' }>;
    expect(p.Dest_Id).toBe('900001');
    expect(p.nonCanonical?.Dest_Id).toEqual(frame.subarray(destId, destId + 21));
    expect(encodePdu(p, '2.0')).toEqual(frame);
    // Once the value changes, the raw bytes no longer apply: the field is written canonically.
    const changed = encodePdu({ ...p, Dest_Id: '900002' }, '2.0');
    expect(changed.subarray(destId, destId + 21)).toEqual(Buffer.from('900002'.padEnd(21, '\0'), 'latin1'));
  });
});

describe('status report round trips', () => {
  const report = (term: number) =>
    fc.record({
      Msg_Id: u64,
      Stat: fc.oneof(fc.constantFrom('DELIVRD', 'UNDELIV', 'EXPIRED', 'MK:0012', 'AF:4'), field(7)),
      Submit_time: field(10),
      Done_time: field(10),
      Dest_terminal_Id: field(term),
      SMSC_sequence: u32,
    });

  it('decodeReport(encodeReport(r, form)) deep-equals r in both forms', () => {
    fc.assert(
      fc.property(report(21), (r: StatusReport) => {
        expect(decodeReport(encodeReport(r, 60))).toEqual(r);
        expect(decodeReport(encodeReport(r, 71))).toEqual(r);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(report(32), (r: StatusReport) => {
        expect(decodeReport(encodeReport(r, 71))).toEqual(r);
      }),
      { numRuns: 500 },
    );
  });

  it('encodeReport(decodeReport(c)) == c for any 60- or 71-byte content', () => {
    fc.assert(
      fc.property(fc.oneof(bytes(60, 60), bytes(71, 71)), (c) => {
        const r = decodeReport(c);
        expect(encodeReport(r, c.length as 60 | 71)).toEqual(c);
      }),
      { numRuns: 2000 },
    );
  });

  it('other content lengths are a CmppDecodeError naming Msg_Content', () => {
    fc.assert(
      fc.property(bytes(0, 140).filter((c) => c.length !== 60 && c.length !== 71), (c) => {
        expect(() => decodeReport(c)).toThrow(CmppDecodeError);
      }),
      { numRuns: 200 },
    );
  });

  it('octet values of any latin1 content round-trip', () => {
    fc.assert(
      fc.property(octets(7), (stat) => {
        const r: StatusReport = { Msg_Id: 1n, Stat: stat, Submit_time: '', Done_time: '', Dest_terminal_Id: '', SMSC_sequence: 0 };
        expect(decodeReport(encodeReport(r, 60))).toEqual(r);
      }),
    );
  });
});
