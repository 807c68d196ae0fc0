// Public API of the CMPP 2.0 / 3.0 wire codec.
export * from './version.js';
export * from './commands.js';
export * from './errors.js';
export * from './pdu.js';
export { encodePdu, decodePdu, inferVersion, readHeader, layoutOf, LAYOUT_TABLES, type Header, type InferredVersion } from './codec.js';
export { HEADER_LENGTH } from './header.js';
export { FrameReader, MAX_FRAME } from './frame-reader.js';
export { decodeReport, encodeReport, reportFormOf, STATUS_REPORT, type StatusReport, type ReportForm } from './report.js';
export { authenticatorSource, authenticatorIsmg, authenticatorsEqual } from './auth.js';
export { cmppTimestamp, formatTimestamp } from './timestamp.js';
export * from './result-codes.js';
export { MAX_DESTINATIONS, SUBMIT_MSG_LENGTH_LIMIT } from './submit.js';
export type { Layout, Field, LayoutTable } from './layout.js';
