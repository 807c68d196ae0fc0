// Command_Id values, docs/protocol.md "Command_Id": a response is its request | 0x80000000.

export const CommandId = {
  CMPP_CONNECT: 0x00000001,
  CMPP_CONNECT_RESP: 0x80000001,
  CMPP_TERMINATE: 0x00000002,
  CMPP_TERMINATE_RESP: 0x80000002,
  CMPP_SUBMIT: 0x00000004,
  CMPP_SUBMIT_RESP: 0x80000004,
  CMPP_DELIVER: 0x00000005,
  CMPP_DELIVER_RESP: 0x80000005,
  CMPP_QUERY: 0x00000006,
  CMPP_QUERY_RESP: 0x80000006,
  CMPP_CANCEL: 0x00000007,
  CMPP_CANCEL_RESP: 0x80000007,
  CMPP_ACTIVE_TEST: 0x00000008,
  CMPP_ACTIVE_TEST_RESP: 0x80000008,
  // Named so traces can show them; they never travel between an SP and an ISMG (docs/protocol.md "Command_Id"), so the
  // codec treats them as unknown commands.
  CMPP_FWD: 0x00000009,
  CMPP_FWD_RESP: 0x80000009,
  CMPP_MT_ROUTE: 0x00000010,
  CMPP_MT_ROUTE_RESP: 0x80000010,
  CMPP_MO_ROUTE: 0x00000011,
  CMPP_MO_ROUTE_RESP: 0x80000011,
  CMPP_GET_MT_ROUTE: 0x00000012,
  CMPP_GET_MT_ROUTE_RESP: 0x80000012,
  CMPP_MT_ROUTE_UPDATE: 0x00000013,
  CMPP_MT_ROUTE_UPDATE_RESP: 0x80000013,
  CMPP_MO_ROUTE_UPDATE: 0x00000014,
  CMPP_MO_ROUTE_UPDATE_RESP: 0x80000014,
  CMPP_PUSH_MT_ROUTE_UPDATE: 0x00000015,
  CMPP_PUSH_MT_ROUTE_UPDATE_RESP: 0x80000015,
  CMPP_PUSH_MO_ROUTE_UPDATE: 0x00000016,
  CMPP_PUSH_MO_ROUTE_UPDATE_RESP: 0x80000016,
  CMPP_GET_MO_ROUTE: 0x00000017,
  CMPP_GET_MO_ROUTE_RESP: 0x80000017,
} as const;

export type CommandName = keyof typeof CommandId;

const names = new Map<number, CommandName>(
  (Object.keys(CommandId) as CommandName[]).map((n) => [CommandId[n], n]),
);

export function commandName(id: number): CommandName | undefined {
  return names.get(id);
}

/** "CMPP_SUBMIT" for a known id, "0x00000099" otherwise: for logs and traces. */
export function commandLabel(id: number): string {
  return names.get(id) ?? `0x${(id >>> 0).toString(16).padStart(8, '0')}`;
}

export function isResponse(id: number): boolean {
  return id >>> 31 === 1;
}

/** The Command_Id of the response to a request id. */
export function responseId(requestId: number): number {
  return (requestId | 0x80000000) >>> 0;
}
