// The checks a demanding ISMG makes on a SUBMIT before accepting it, each with its Result code
// (docs/protocol.md "Message bodies" SUBMIT_RESP). Codes 9-13 exist from V2.1 on; a 2.0 client reads them as "other".
import type { Submit } from '../cmpp/wire/pdu.js';
import type { SimAccount } from './types.js';

// Up to 21 characters in all (the 2.0 field width, and the 60-byte report form).
const DIGITS_21 = /^(?=.{1,21}$)\+?\d+$/;

export const RESULT = {
  ok: 0,
  structure: 1,
  feeCode: 5,
  tooLong: 6,
  serviceId: 7,
  flowControl: 8,
  srcId: 10,
  msgSrc: 11,
  feeTerminal: 12,
  destTerminal: 13,
} as const;

export function checkSubmit(s: Submit, account: SimAccount): number {
  const n = s.Dest_terminal_Id.length;
  // docs/protocol.md "Message bodies": DestUsr_tl < 100, and it must agree with the list actually sent.
  if (s.DestUsr_tl !== n || n < 1 || n > 99) return RESULT.structure;
  if (!(s.Pk_total >= 1 && s.Pk_number >= 1 && s.Pk_number <= s.Pk_total)) return RESULT.structure;
  // docs/protocol.md "Message bodies": Msg_Fmt 0 content < 160 bytes, every other format <= 140.
  if (s.Msg_Content.length > (s.Msg_Fmt === 0 ? 159 : 140)) return RESULT.tooLong;
  if (s.Msg_src !== '' && s.Msg_src !== account.spId) return RESULT.msgSrc;
  if (account.srcIdPrefix !== undefined && !s.Src_Id.startsWith(account.srcIdPrefix)) return RESULT.srcId;
  if (account.serviceIds !== undefined && !account.serviceIds.includes(s.Service_Id)) return RESULT.serviceId;
  if (!/^\d{0,6}$/.test(s.FeeCode) || !/^(0[0-5])?$/.test(s.FeeType)) return RESULT.feeCode;
  if (s.Fee_terminal_Id !== '' && !DIGITS_21.test(s.Fee_terminal_Id)) return RESULT.feeTerminal;
  if (s.Fee_UserType === 3 && s.Fee_terminal_Id === '') return RESULT.feeTerminal;
  // One bad number fails the whole SUBMIT (docs/protocol.md "Group sends").
  for (const d of s.Dest_terminal_Id) if (!DIGITS_21.test(d)) return RESULT.destTerminal;
  return RESULT.ok;
}
