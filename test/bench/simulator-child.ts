// The simulator under benchmark, in its own process so its CPU time can be measured alone.
import { IsmgSimulator } from '../../electron/simulator/index.js';

const sim = await IsmgSimulator.start({
  port: 0,
  accounts: [{ spId: '900001', secret: '888888', version: '3.0' }],
  record: false,
  reports: { delayMs: { min: 0, max: 100 } },
});
process.send!({ port: sim.port });
process.on('message', (m: string) => {
  if (m === 'sample') process.send!({ cpu: process.cpuUsage(), stats: { ...sim.stats } });
  if (m === 'stop') void sim.stop().then(() => process.exit(0));
});
