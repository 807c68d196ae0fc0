// Status report = Msg_Content of a DELIVER with Registered_Delivery 1 (docs/protocol.md "Result and Status codes"). Two forms that
// differ only in Dest_terminal_Id (21 / 32 bytes); real 3.0 gateways send either, so the form is
// chosen by the content length, never by the session's version.
import { CmppDecodeError, CmppEncodeError } from './errors.js';
import { octets, perVersion, resolveLayout, u64, uint, type LayoutTable } from './layout.js';
import { compileLayout } from './layout-compiler.js';
import type { CmppVersion } from './version.js';

export interface StatusReport {
  /** The SUBMIT_RESP Msg_Id of the segment this reports on. */
  Msg_Id: bigint;
  /** Raw, e.g. DELIVRD, UNDELIV, MK:0012; classify with classifyStat() (shared/stat.ts). */
  Stat: string;
  /** YYMMDDHHMM. */
  Submit_time: string;
  Done_time: string;
  Dest_terminal_Id: string;
  SMSC_sequence: number;
  /** As on PDUs: raw octet fields with junk after the NUL, for a byte-exact re-encode. */
  nonCanonical?: Record<string, Buffer>;
}

export type ReportForm = 60 | 71;

/** The 60-byte form is the 2.0 column, the 71-byte form the 3.0 one. */
export const STATUS_REPORT: LayoutTable = {
  name: 'status report',
  commandId: null,
  fields: [
    u64('Msg_Id'),
    octets('Stat', 7),
    octets('Submit_time', 10),
    octets('Done_time', 10),
    octets('Dest_terminal_Id', perVersion(21, 32)),
    uint('SMSC_sequence', 4),
  ],
};

const forms = {
  60: compileLayout(resolveLayout(STATUS_REPORT, '2.0'), 'status report (60-byte form)'),
  71: compileLayout(resolveLayout(STATUS_REPORT, '3.0'), 'status report (71-byte form)'),
} as const;

/** The form a gateway of this version is specified to send (60 for 2.0, 71 for 3.0). */
export function reportFormOf(version: CmppVersion): ReportForm {
  return version === '2.0' ? 60 : 71;
}

/** Decodes report content by its length: 60 or 71 bytes, anything else a CmppDecodeError. */
export function decodeReport(content: Uint8Array): StatusReport {
  const len = content instanceof Uint8Array ? content.length : -1;
  if (len !== 60 && len !== 71) {
    throw new CmppDecodeError('Msg_Content', `a status report is 60 or 71 bytes, got ${len < 0 ? String(content) : `${len} bytes`}`);
  }
  const b = Buffer.isBuffer(content) ? content : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  return forms[len].decode(b, 0) as StatusReport;
}

/** Encodes report content in the given form, strictly (a too-long Dest_terminal_Id is an error). */
export function encodeReport(r: StatusReport, form: ReportForm): Buffer {
  if (form !== 60 && form !== 71) throw new CmppEncodeError('form', `a status report form is 60 or 71, got ${String(form)}`);
  return forms[form].encode(r);
}
