// The PDU tool: decode -> JSON -> encode gives back the same bytes for every vector, JSON carries
// the spec's names, and bad input is a one-line error with a non-zero exit from the real CLI.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHex, encodeJson, parseHexInput } from '../../electron/cli/pdu.js';
import { encodePdu, encodeReport, type Deliver } from '../../electron/cmpp/wire/index.js';
import { buildConcatUdh } from '../../electron/sms/index.js';
import { FRAME_VECTORS, V } from '../cmpp/codec-vectors.js';

const root = resolve(import.meta.dirname, '../..');

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('pdu decode / encode', () => {
  for (const v of FRAME_VECTORS) {
    for (const version of v.versions) {
      it(`round-trips ${v.name} (${version}) through JSON`, () => {
        const [json] = decodeHex(v.frame.toString('hex'), version);
        expect(json!.version).toBe(version);
        const back = encodeJson(JSON.stringify(json), version);
        expect(back.hex).toBe(v.frame.toString('hex'));
      });
    }
  }

  it('infers the version from the lengths and says which it chose', () => {
    const [s20] = decodeHex(V.submit20.toString('hex'));
    expect(s20).toMatchObject({ version: '2.0', Command_Id: 'CMPP_SUBMIT', Sequence_Id: 23 });
    expect(String(s20!.versionReason)).toMatch(/2\.0/);
    const [s30] = decodeHex(V.submit30.toString('hex'));
    expect(s30).toMatchObject({ version: '3.0', Fee_terminal_type: 0, Dest_terminal_type: 0, LinkID: '' });
    const [r] = decodeHex(V.connectResp30.toString('hex'));
    expect(r).toMatchObject({ version: '3.0', Status: 0, Version: 0x30 });
  });

  it('shows the SUBMIT vector with spec names, text, and Dest_terminal_Id as an array', () => {
    const [s] = decodeHex(V.submit20.toString('hex'));
    expect(s).toMatchObject({
      Msg_Id: '0',
      Service_Id: 'test',
      Fee_terminal_Id: '13500002696',
      Msg_Fmt: 8,
      Dest_terminal_Id: ['13500002696'],
      Msg_Content: '6d4b8bd50067006f0063006d007000700020007300750062006d00690074',
      text: '测试gocmpp submit',
    });
  });

  it('decodes the SUBMIT_RESP Msg_Id in all three forms', () => {
    const [r] = decodeHex(V.submitResp20.toString('hex'), '2.0');
    expect(r).toMatchObject({ Msg_Id: String(0xb2b9da8000010000n), Msg_Id_22: '1105142942000000100000', Msg_Id_hex: 'b2b9da8000010000' });
  });

  it('parses a status report and a long-message UDH', () => {
    const deliver = (content: Buffer, extra: Partial<Deliver>): Deliver => ({
      Command_Id: 'CMPP_DELIVER', Sequence_Id: 9, Msg_Id: 1n, Dest_Id: '10690001', Service_Id: 'svc', TP_pid: 0, TP_udhi: 0,
      Msg_Fmt: 0, Src_terminal_Id: '13800138000', Src_terminal_type: 0, Registered_Delivery: 0, Msg_Length: content.length,
      Msg_Content: content, LinkID: '', ...extra,
    });
    const report = encodeReport(
      { Msg_Id: 0xb4c5530000010000n, Stat: 'UNDELIV', Submit_time: '2512011200', Done_time: '2512011201', Dest_terminal_Id: '13800138000', SMSC_sequence: 7 },
      71,
    );
    const [r] = decodeHex(encodePdu(deliver(report, { Registered_Delivery: 1 }), '3.0').toString('hex'));
    expect(r!.report).toMatchObject({ Msg_Id: String(0xb4c5530000010000n), Stat: 'UNDELIV', Dest_terminal_Id: '13800138000', form: 71 });

    const body = Buffer.concat([buildConcatUdh(0x1234, 3, 2, 16), Buffer.from('6d4b8bd5', 'hex')]);
    const [m] = decodeHex(encodePdu(deliver(body, { TP_udhi: 0x40, Msg_Fmt: 8 }), '3.0').toString('hex'));
    expect(m).toMatchObject({ text: '测试', udh: { ref: 0x1234, total: 3, index: 2, refBits: 16, length: 7 } });
  });

  it('keeps non-canonical bytes (junk after a NUL) so re-encoding is exact', () => {
    const frame = Buffer.from(V.submit20);
    // Service_Id "test" at body offset 8+1+1+1+1 = 12: put junk after its NUL.
    frame[12 + 12 + 6] = 0x41;
    const [j] = decodeHex(frame.toString('hex'), '2.0');
    expect(j!.Service_Id).toBe('test');
    expect(j!.nonCanonical).toHaveProperty('Service_Id');
    expect(encodeJson(JSON.stringify(j), '2.0').hex).toBe(frame.toString('hex'));
  });

  it('decodes several PDUs pasted together, with spaces and colons', () => {
    const pasted = `${V.activeTest.toString('hex').replace(/(..)/g, '$1 ')}\n${V.activeTestResp.toString('hex').replace(/(..)(?!$)/g, '$1:')}`;
    const pdus = decodeHex(pasted);
    expect(pdus.map((p) => p.Command_Id)).toEqual(['CMPP_ACTIVE_TEST', 'CMPP_ACTIVE_TEST_RESP']);
  });

  it('encodes a minimal JSON with defaults, derived lengths and text', () => {
    expect(encodeJson('{"Command_Id":"CMPP_ACTIVE_TEST","Sequence_Id":23}', '3.0').hex).toBe(V.activeTest.toString('hex'));
    const { hex } = encodeJson(
      JSON.stringify({ Command_Id: 'CMPP_SUBMIT', Sequence_Id: 1, Msg_Fmt: 8, text: '你好', Dest_terminal_Id: ['13800138000'], Pk_total: 1, Pk_number: 1 }),
      '2.0',
    );
    const [back] = decodeHex(hex, '2.0');
    expect(back).toMatchObject({ DestUsr_tl: 1, Msg_Length: 4, text: '你好' });
  });

  it('rejects bad input with errors naming the problem', () => {
    expect(() => parseHexInput('abc')).toThrow(/odd number of hex digits/);
    expect(() => parseHexInput('zz')).toThrow(/not hex/);
    expect(() => decodeHex(V.submit20.subarray(0, 100).toString('hex'))).toThrow(/truncated PDU: Total_Length says 189 bytes but only 100/);
    expect(() => decodeHex('0000')).toThrow(/truncated PDU/);
    expect(() => decodeHex(V.submit20.toString('hex'), '3.0')).toThrow(/Total_Length|fits the 2.0 layout/);
    const wrongLength = Buffer.from(V.submitResp20);
    wrongLength.writeUInt32BE(22, 0);
    expect(() => decodeHex(Buffer.concat([wrongLength, Buffer.alloc(1)]).toString('hex'))).toThrow(/fits neither/);
    expect(() => encodeJson('{"Command_Id":"CMPP_SUBMIT","Bogus":1}', '3.0')).toThrow(/Bogus: not a field of CMPP_SUBMIT/);
    expect(() => encodeJson('{oops', '3.0')).toThrow(/not valid JSON/);
    expect(() => encodeJson('{"Command_Id":"CMPP_SUBMIT","Service_Id":"much-too-long-service"}', '3.0')).toThrow(/Service_Id/);
  });
});

describe('pdu tool through the real CLI', () => {
  it('decodes to JSON on stdout and exits 0', () => {
    const r = cli('pdu', 'decode', V.activeTestResp.toString('hex'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Command_Id: 'CMPP_ACTIVE_TEST_RESP', Sequence_Id: 23, Reserved: 0 });
  });

  it('encodes JSON to hex', () => {
    const r = cli('pdu', 'encode', '{"Command_Id":"CMPP_TERMINATE","Sequence_Id":23}', '--version', '2.0');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('0000000c0000000200000017');
  });

  it('prints a one-line error and exits non-zero on bad input', () => {
    for (const args of [['pdu', 'decode', '0a1'], ['pdu', 'decode', '0000000c00000008'], ['pdu', 'decode', 'ff', '--version', '4.0'], ['pdu', 'frobnicate']]) {
      const r = cli(...args);
      expect(r.code).not.toBe(0);
      const lines = r.stderr.split('\n').filter((l) => l.trim() && !l.includes('npm warn'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: /);
    }
  });
});
