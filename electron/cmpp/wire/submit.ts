// CMPP_SUBMIT / CMPP_SUBMIT_RESP layouts, docs/protocol.md "Message bodies" (the SUBMIT table, 2.0 and 3.0 columns).
import { CommandId } from './commands.js';
import { messageBody, msgIdResult } from './field-groups.js';
import { octetList, octets, only, perVersion, u64, uint, type LayoutTable, type Limit } from './layout.js';

/** docs/protocol.md "Message bodies": Msg_Fmt 0 (ASCII) < 160 bytes, every other format (unknown ones too) <= 140. */
export const SUBMIT_MSG_LENGTH_LIMIT: Limit = { by: 'Msg_Fmt', cases: { 0: 159 }, otherwise: 140 };

/** docs/protocol.md "Message bodies", "Group sends": DestUsr_tl < 100, and a SUBMIT without a destination means nothing. */
export const MAX_DESTINATIONS = 99;

/** Total_Length = 138 + 21N + L (2.0), 163 + 32N + L (3.0). */
export const SUBMIT: LayoutTable = {
  name: 'CMPP_SUBMIT',
  commandId: CommandId.CMPP_SUBMIT,
  fields: [
    u64('Msg_Id'),
    uint('Pk_total'),
    uint('Pk_number'),
    uint('Registered_Delivery'),
    uint('Msg_level'),
    octets('Service_Id', 10),
    uint('Fee_UserType'),
    octets('Fee_terminal_Id', perVersion(21, 32)),
    only('3.0', uint('Fee_terminal_type')),
    uint('TP_pId'),
    uint('TP_udhi'),
    uint('Msg_Fmt'),
    octets('Msg_src', 6),
    octets('FeeType', 2),
    octets('FeeCode', 6),
    octets('ValId_Time', 17),
    octets('At_Time', 17),
    octets('Src_Id', 21),
    uint('DestUsr_tl', 1, { range: [1, MAX_DESTINATIONS] }),
    octetList('Dest_terminal_Id', perVersion(21, 32), 'DestUsr_tl'),
    // docs/protocol.md "Message bodies": one byte after the whole list, not one per destination.
    only('3.0', uint('Dest_terminal_type')),
    ...messageBody('Reserve', uint('Msg_Length', 1, { limit: SUBMIT_MSG_LENGTH_LIMIT })),
  ],
};

/** Total 21 / 24. */
export const SUBMIT_RESP: LayoutTable = msgIdResult('CMPP_SUBMIT_RESP', CommandId.CMPP_SUBMIT_RESP);
