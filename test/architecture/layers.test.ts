// Enforces the one-way layer line (docs/architecture.md "Layers"):
//   renderer -> shared
//   electron/main.ts, electron/cli.ts, electron/web/ (browser mode) -> electron/ipc -> electron/services
//     -> electron/{store, simulator -> cmpp, sms} -> electron/formats, shared
// and: nothing but electron/main.ts and electron/preload.ts imports `electron`.
//
// And the layout inside the layers (the `layout` tests below), by domain rather than by how the code
// was first built:
//   shared/ipc/contract/<domain>.ts    the channels of one domain: argument validators, result types
//   shared/ipc/channels/<domain>.ts    the same channels' names only (the preload's list)
//   electron/ipc/handlers/<domain>.ts  what those channels do; electron/ipc/ itself is transport only
//   renderer/src/i18n/{zh-CN,en}/<domain>.ts, renderer/src/<domain>/   texts and screens
//   electron/services/<domain>/        campaigns, composer, contacts, demo, inbox, log, sending,
//                                      settings, statistics, support; at the root only the composition root
//                                      (workspace.ts), the engine's ports (engine.ts), the
//                                      import/export facade
//   electron/cmpp/wire/                the codec (layouts, one file per PDU pair, result codes),
//                                      knowing nothing of sessions
//   electron/cmpp/session/             the client session (connection, pool, window, rate limiter)
//   electron/formats/                  file formats that know nothing of the application
// The same domain names are used in every place: a feature lives in files with the same name.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, root, sourceFiles, walk } from './source-tree.js';

type Layer =
  | 'shell' | 'preload' | 'page' | 'cli' | 'web' | 'ipc' | 'services' | 'store' | 'simulator' | 'cmpp' | 'sms'
  | 'formats' | 'shared' | 'renderer';

/** Which layers each layer may import (itself included). Lower layers may be skipped over. */
const allowed: Record<Layer, Layer[]> = {
  shell: ['shell', 'ipc', 'services', 'store', 'simulator', 'cmpp', 'sms', 'formats', 'shared'],
  cli: ['cli', 'ipc', 'services', 'store', 'simulator', 'cmpp', 'sms', 'formats', 'shared'],
  web: ['web', 'ipc', 'services', 'store', 'simulator', 'cmpp', 'sms', 'formats', 'shared'],
  preload: ['shared'],
  page: ['shared'],
  ipc: ['ipc', 'services', 'store', 'simulator', 'cmpp', 'sms', 'formats', 'shared'],
  services: ['services', 'store', 'simulator', 'cmpp', 'sms', 'formats', 'shared'],
  store: ['store', 'formats', 'shared'],
  simulator: ['simulator', 'cmpp', 'sms', 'shared'],
  cmpp: ['cmpp', 'shared'],
  sms: ['sms', 'shared'],
  // File formats that know nothing of the application (CSV, XLSX, text decoding): no app imports.
  formats: ['formats'],
  shared: ['shared'],
  renderer: ['renderer', 'shared'],
};

/** npm packages each layer may use; node builtins are handled separately. */
const packages: Record<Layer, RegExp> = {
  shell: /^electron$/,
  preload: /^electron$/,
  // Browser mode's page transport: the page's own WebSocket, no package.
  page: /^$/,
  cli: /^$/,
  // The WebSocket server of browser mode, and no other layer's.
  web: /^ws$/,
  ipc: /^$/,
  services: /^$/,
  store: /^better-sqlite3$/,
  simulator: /^iconv-lite$/,
  cmpp: /^$/,
  sms: /^iconv-lite$/,
  formats: /^(exceljs|iconv-lite)$/,
  shared: /^$/,
  renderer: /^(react|react-dom\/client|antd|antd\/locale\/\w+|@ant-design\/icons|dayjs|dayjs\/locale\/[\w-]+)$/,
};

/** Layers that must not open sockets (the store knows nothing of sockets) or touch Node at all. */
const noSockets = new Set<Layer>(['store', 'sms', 'formats', 'shared']);
const noNode = new Set<Layer>(['shared', 'renderer', 'preload', 'page']);
const socketModules = new Set(['net', 'tls', 'dgram', 'http', 'https', 'http2']);

function layerOf(file: string): Layer | null {
  const rel = relative(root, file).split(sep).join('/');
  if (rel === 'electron/main.ts') return 'shell';
  if (rel === 'electron/preload.ts') return 'preload';
  if (rel === 'electron/web/page-preload.ts') return 'page';
  if (rel.startsWith('electron/web/')) return 'web';
  if (rel === 'electron/cli.ts' || rel.startsWith('electron/cli/')) return 'cli';
  for (const l of ['ipc', 'services', 'store', 'simulator', 'cmpp', 'sms', 'formats'] as const) {
    if (rel.startsWith(`electron/${l}/`)) return l;
  }
  if (rel.startsWith('shared/')) return 'shared';
  if (rel.startsWith('renderer/')) return 'renderer';
  return null;
}

const builtins = new Set(builtinModules);
const isBuiltin = (s: string) => s.startsWith('node:') || builtins.has(s.split('/')[0]!);

function violations(): string[] {
  const problems: string[] = [];
  const files = [
    ...walk(join(root, 'electron')),
    ...walk(join(root, 'shared')),
    ...walk(join(root, 'renderer')),
  ];
  for (const file of files) {
    const from = layerOf(file);
    const rel = relative(root, file);
    if (!from) {
      problems.push(`${rel}: not in any layer (put it under a layer folder)`);
      continue;
    }
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        const to = layerOf(target.replace(/\.js$/, '.ts'));
        if (!to) problems.push(`${rel}: imports ${spec}, outside every layer`);
        else if (!allowed[from].includes(to)) problems.push(`${rel} (${from}) imports ${spec} (${to})`);
      } else if (isBuiltin(spec)) {
        const mod = spec.replace(/^node:/, '').split('/')[0]!;
        if (noNode.has(from)) problems.push(`${rel} (${from}) imports Node builtin ${spec}`);
        if (noSockets.has(from) && socketModules.has(mod)) problems.push(`${rel} (${from}) opens sockets via ${spec}`);
      } else if (!packages[from].test(spec)) {
        problems.push(`${rel} (${from}) imports package ${spec}`);
      }
    }
  }
  return problems;
}

/** SQL lives in the store: no other layer prepares or executes statements. */
function sqlOutsideStore(): string[] {
  const problems: string[] = [];
  const files = [...walk(join(root, 'electron')), ...walk(join(root, 'shared')), ...walk(join(root, 'renderer'))];
  for (const file of files) {
    const layer = layerOf(file);
    if (layer === 'store') continue;
    const code = readFileSync(file, 'utf8');
    if (/\.(prepare|exec)\(\s*[`'"]\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|WITH)/i.test(code) || /\.pragma\(/.test(code)) {
      problems.push(`${relative(root, file)} (${layer}) runs SQL: move it into electron/store/`);
    }
  }
  return problems;
}

describe('layering', () => {
  it('every import follows the layer line', () => {
    expect(violations()).toEqual([]);
  });

  it('every package the source imports is declared in package.json, and every allow-list entry is used', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
    const used = new Map<Layer, Set<string>>();
    // build/ (the bundler and Vite configs) has no layer, but what it imports must be declared too.
    for (const file of [...walk(join(root, 'electron')), ...walk(join(root, 'shared')), ...walk(join(root, 'renderer')), ...walk(join(root, 'build'))]) {
      const layer = layerOf(file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.') || isBuiltin(spec)) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        expect(declared, `${relative(root, file)} imports ${spec}`).toContain(name);
        if (layer) (used.get(layer) ?? used.set(layer, new Set()).get(layer)!).add(spec);
      }
    }
    // Each alternative of a layer's allow-list matches something that layer imports.
    for (const [layer, re] of Object.entries(packages) as [Layer, RegExp][]) {
      const alternatives = re.source.replace(/^\^\(?|\)?\$$/g, '').split('|').filter((a) => a !== '');
      for (const alt of alternatives) {
        const one = new RegExp(`^${alt}$`);
        expect([...(used.get(layer) ?? [])].some((s) => one.test(s)), `${layer} allows ${alt} but imports none`).toBe(true);
      }
    }
  });

  it('only the store runs SQL', () => {
    expect(sqlOutsideStore()).toEqual([]);
  });

  it('the checker itself sees static, re-export, dynamic and require imports', () => {
    const src = `import a from 'x';\nimport { b } from "../y.js";\nexport * from './z.js';\nconst c = await import('w');\nconst d = require('v');\nimport './side.js';\n// import 'commented';\n// see lib/* first\nimport 'u';\n/** end */`;
    expect(importsOf(src).sort()).toEqual(['../y.js', './side.js', './z.js', 'u', 'v', 'w', 'x']);
  });

  it('classifies files into layers', () => {
    expect(layerOf(join(root, 'electron/main.ts'))).toBe('shell');
    expect(layerOf(join(root, 'electron/cmpp/wire/submit.ts'))).toBe('cmpp');
    expect(layerOf(join(root, 'electron/web/server.ts'))).toBe('web');
    expect(layerOf(join(root, 'electron/web/page-preload.ts'))).toBe('page');
    expect(layerOf(join(root, 'renderer/src/App.tsx'))).toBe('renderer');
    expect(layerOf(join(root, 'test/x.test.ts'))).toBeNull();
  });
});

// ---- the layout inside the layers ---------------------------------------------------------------

const namesIn = (dir: string, kind: 'files' | 'folders') =>
  readdirSync(join(root, dir))
    .filter((n) => statSync(join(root, dir, n)).isDirectory() === (kind === 'folders'))
    .map((n) => n.replace(/\.tsx?$/, ''))
    .sort();

/** Folders of electron/services/ (one per domain) and the only files allowed at its root. */
const serviceDomains = ['archive', 'campaigns', 'composer', 'contacts', 'demo', 'inbox', 'log', 'sending', 'settings', 'statistics', 'support'];
const serviceRoot = ['engine', 'import-export', 'workspace'];
/** electron/ipc/ is transport: registration, sender check, events, JSON safety, app://, web policy, dialogs, long jobs. */
const ipcTransport = ['app-protocol', 'dialogs', 'events', 'handlers', 'json-safe', 'long-jobs', 'register', 'sender', 'web-policy'];

describe('layout', () => {
  it('electron/services/ holds domain folders, and at its root only the workspace, its ports and the import/export facade', () => {
    expect(namesIn('electron/services', 'folders')).toEqual(serviceDomains);
    expect(namesIn('electron/services', 'files')).toEqual(serviceRoot);
  });

  it('services take the narrow engine views (engine.ts): only the sessions that build a Workspace (demo/) import it', () => {
    const workspace = join(root, 'electron/services/workspace.ts');
    const importers = walk(join(root, 'electron/services'))
      .filter((file) => !file.startsWith(join(root, 'electron/services/demo') + sep) && file !== workspace)
      .filter((file) => importsOf(readFileSync(file, 'utf8')).some((spec) => spec.startsWith('.') && resolve(dirname(file), spec).replace(/\.js$/, '.ts') === workspace))
      .map((file) => relative(root, file));
    expect(importers).toEqual([]);
  });

  it('electron/ipc/ holds transport only; the handlers are by domain', () => {
    expect(namesIn('electron/ipc', 'files')).toEqual(ipcTransport);
  });

  it('the contract, the channel lists, the handlers and the i18n catalogues have the same domains', () => {
    const contract = namesIn('shared/ipc/contract', 'files').filter((n) => n !== 'fields');
    expect(namesIn('shared/ipc/channels', 'files')).toEqual(contract);
    expect(namesIn('electron/ipc/handlers', 'files').filter((n) => n !== 'context')).toEqual(contract);
    const i18n = namesIn('renderer/src/i18n/zh-CN', 'files');
    expect(namesIn('renderer/src/i18n/en', 'files')).toEqual(i18n);
    // The catalogues add the texts every screen shares (common); shared/i18n/ holds the texts main
    // writes too (exports, the CLI), which the renderer's catalogues include.
    expect(i18n.filter((n) => n !== 'common')).toEqual(contract);
    expect(namesIn('shared/i18n/en', 'files')).toEqual(namesIn('shared/i18n/zh-CN', 'files'));
  });

  it('the CMPP wire codec knows nothing of the session; the session builds on the codec', () => {
    expect(namesIn('electron/cmpp', 'folders')).toEqual(['session', 'wire']);
    expect(namesIn('electron/cmpp', 'files')).toEqual([]);
    const upward = walk(join(root, 'electron/cmpp/wire')).flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter((spec) => spec.startsWith('.') && !resolve(dirname(file), spec).startsWith(join(root, 'electron/cmpp/wire')))
        .filter((spec) => !resolve(dirname(file), spec).startsWith(join(root, 'shared')))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(upward).toEqual([]);
  });
});
