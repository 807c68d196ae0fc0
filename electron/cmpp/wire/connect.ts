// CMPP_CONNECT / CMPP_CONNECT_RESP layouts, docs/protocol.md "Message bodies" (authenticators: auth.ts, docs/protocol.md "Authenticators").
import { CommandId } from './commands.js';
import { bytes, octets, perVersion, uint, type LayoutTable } from './layout.js';

/** Body 27, total 39 in both versions. */
export const CONNECT: LayoutTable = {
  name: 'CMPP_CONNECT',
  commandId: CommandId.CMPP_CONNECT,
  fields: [octets('Source_Addr', 6), bytes('AuthenticatorSource', 16), uint('Version'), uint('Timestamp', 4)],
};

/** Total 30 / 33: docs/protocol.md "Result and Status codes", Status is 1 byte in 2.0 and 4 bytes in 3.0. */
export const CONNECT_RESP: LayoutTable = {
  name: 'CMPP_CONNECT_RESP',
  commandId: CommandId.CMPP_CONNECT_RESP,
  fields: [uint('Status', perVersion(1, 4)), bytes('AuthenticatorISMG', 16), uint('Version')],
};
