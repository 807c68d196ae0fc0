// English texts of the `simulator` command's flag errors; the same keys as ../zh-CN/simulator.ts.
import type { simulatorZhCN } from '../zh-CN/simulator.js';

export const simulatorEn: Record<keyof typeof simulatorZhCN, string> = {
  'simulator.badSpId': "--sp-id must be 1-6 characters (Source_Addr is 6 octets), got '{value}'",
  'simulator.badDelay': "--report-delay-ms must be N or MIN-MAX (whole ms), got '{value}'",
  'simulator.badForm': "--report-form must be 60, 71 or version, got '{value}'",
  'simulator.badStatFor': "--stat-for: expected NUMBER=STAT, got '{value}'",
  'simulator.badStatMix': "--stat-mix: expected STAT=WEIGHT, got '{value}'",
  'simulator.badStat': "--{flag}: '{value}' is not a Stat of 1-7 printable ASCII characters (e.g. DELIVRD, MK:0012)",
  'simulator.mixNoWeight': '--stat-mix needs at least one positive weight',
  'simulator.notPositive': "--{flag} must be a number > 0, got '{value}'",
  'simulator.notFraction': "--{flag} must be between 0 and 1, got '{value}'",
  'simulator.cannotRead': '--{flag}: cannot read {path}',
  'simulator.portInUse': 'cannot start: port {port} is in use (choose another with --port, or --port 0 for any free one)',
  'simulator.noPermission': 'cannot start: no permission to listen on port {port} (use a port above 1023)',
};
