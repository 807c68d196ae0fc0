// The built-in ISMG simulator: a real CMPP 2.0/3.0 server for the demo gateway, tests and the CLI.
export { IsmgSimulator } from './simulator.js';
export type {
  MalformedKind,
  MoRequest,
  RecordedPdu,
  ReportBehaviour,
  SimAccount,
  SimFaults,
  SimStats,
  SimulatorOptions,
} from './types.js';
