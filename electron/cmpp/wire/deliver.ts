// CMPP_DELIVER / CMPP_DELIVER_RESP layouts, docs/protocol.md "Message bodies". The status report inside Msg_Content is report.ts.
import { CommandId } from './commands.js';
import { messageBody, msgIdResult } from './field-groups.js';
import { octets, only, perVersion, u64, uint, type LayoutTable } from './layout.js';

/**
 * Total_Length = 85 + L (2.0), 109 + L (3.0). Msg_Length is bounded only by its byte: the
 * reference sets no DELIVER limit, and an MO of 160 GSM characters arrives as 160 ASCII bytes, so
 * a receiver that capped it would drop real traffic (and the simulator may send what gateways send).
 */
export const DELIVER: LayoutTable = {
  name: 'CMPP_DELIVER',
  commandId: CommandId.CMPP_DELIVER,
  fields: [
    u64('Msg_Id'),
    octets('Dest_Id', 21),
    octets('Service_Id', 10),
    uint('TP_pid'),
    uint('TP_udhi'),
    uint('Msg_Fmt'),
    octets('Src_terminal_Id', perVersion(21, 32)),
    only('3.0', uint('Src_terminal_type')),
    uint('Registered_Delivery'),
    ...messageBody('Reserved'),
  ],
};

/** Total 21 / 24. */
export const DELIVER_RESP: LayoutTable = msgIdResult('CMPP_DELIVER_RESP', CommandId.CMPP_DELIVER_RESP);
