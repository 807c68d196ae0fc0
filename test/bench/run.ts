// `npm run bench`: every benchmark of the project, each figure printed beside its target.
// Usage: npm run bench [-- name ...]   (names: see `suites` below; default all)
import { printFigure, type Figure } from './report.js';

type Suite = () => Promise<Figure[]>;

const suites: Record<string, () => Promise<Suite>> = {
  codec: async () => (await import('./codec.js')).benchCodec,
  planner: async () => (await import('./planner.js')).benchPlanner,
  simulator: async () => (await import('./simulator.js')).benchSimulator,
  ipc: async () => (await import('./ipc.js')).benchIpc,
  loopback: async () => (await import('./loopback.js')).benchLoopback,
  store: async () => (await import('./store.js')).benchStore,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
let missed = 0;
for (const [name, load] of Object.entries(suites)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n== ${name} ==`);
  const figures = await (await load())();
  for (const f of figures) {
    printFigure(f);
    if (f.met === false) missed++;
  }
}
console.log(`\n${missed === 0 ? 'all targets met' : `${missed} target(s) missed`}`);
