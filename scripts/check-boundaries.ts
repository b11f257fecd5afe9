// Module boundaries: a module imports another only through its index.ts, only if it declared it, with no cycles.
// Schema files are the one exception: Drizzle foreign keys need the other module's tables (schema → schema).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Which modules each module may use. `platform` is the base everything may use. */
export const allowed: Record<string, string[]> = {
  platform: [],
  territory: ['platform'],
  partners: ['platform', 'territory'],
  households: ['platform', 'territory'],
  votes: ['platform', 'partners', 'territory', 'households'],
  access: ['platform', 'partners', 'territory', 'households', 'votes'],
  equipment: ['platform', 'partners', 'territory', 'households', 'access'],
  notifications: ['platform', 'partners', 'households'],
  workshops: ['platform', 'partners', 'territory', 'households', 'notifications'],
  certificates: ['platform', 'partners', 'territory', 'households', 'workshops'],
  advice: ['platform', 'partners', 'territory', 'households', 'notifications'],
  coordination: ['platform', 'partners'],
  rollout: ['platform', 'partners', 'territory', 'workshops', 'coordination', 'notifications'],
  impact: [
    'platform',
    'partners',
    'territory',
    'households',
    'votes',
    'access',
    'equipment',
    'workshops',
    'certificates',
    'advice',
    'coordination',
  ],
  privacy: [
    'platform',
    'partners',
    'territory',
    'households',
    'votes',
    'access',
    'equipment',
    'notifications',
    'workshops',
    'certificates',
    'advice',
    'coordination',
    'rollout',
    'impact',
  ],
  api: [
    'platform',
    'partners',
    'territory',
    'households',
    'votes',
    'access',
    'equipment',
    'notifications',
    'workshops',
    'certificates',
    'advice',
    'coordination',
    'rollout',
    'impact',
    'privacy',
  ],
  demo: [
    'platform',
    'partners',
    'territory',
    'households',
    'votes',
    'access',
    'equipment',
    'notifications',
    'workshops',
    'certificates',
    'advice',
    'coordination',
    'rollout',
    'impact',
    'privacy',
  ],
};

const root = path.resolve(import.meta.dirname, '..');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );

const moduleOf = (file: string) => {
  const rel = path.relative(path.join(root, 'src'), file);
  return rel.startsWith('..') ? null : rel.split(path.sep)[0]!;
};
const isSchema = (file: string) => path.basename(file) === 'schema.ts';

const problems: string[] = [];
const edges = new Map<string, Set<string>>();
const importers = ['src', 'app', 'server', 'cli'].flatMap((d) => files(path.join(root, d)));

for (const file of importers) {
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    const target = path.resolve(path.dirname(file), match[1]!);
    const from = moduleOf(file);
    const to = moduleOf(target);
    if (!to || from === to) continue;
    const rel = path.relative(root, file);
    const targetRel = path.relative(path.join(root, 'src', to), target);
    if (isSchema(file) && isSchema(target)) continue;
    if (to === 'platform') {
      // platform's parts are used through their own index.ts (platform/db/index.ts) or a top-level file (config.ts).
      const parts = targetRel.split(path.sep);
      if (parts.length > 2 || (parts.length === 2 && parts[1] !== 'index.ts'))
        problems.push(`${rel}: imports platform internals (${targetRel}); use its index.ts`);
    } else if (targetRel !== 'index.ts') {
      problems.push(`${rel}: imports ${to}/${targetRel}; use ${to}/index.ts`);
    }
    if (from) {
      if (from !== 'platform' && !allowed[from]?.includes(to))
        problems.push(`${rel}: module ${from} may not use ${to} (declare it in scripts/check-boundaries.ts)`);
      if (from === 'platform' && !file.endsWith(path.join('db', 'schema.ts')))
        problems.push(`${rel}: platform may not use ${to}`);
      if (!edges.has(from)) edges.set(from, new Set());
      if (!(from === 'platform')) edges.get(from)!.add(to);
    }
  }
}

// Cycles among declared module edges.
const visit = (node: string, trail: string[]) => {
  if (trail.includes(node)) {
    problems.push(`cycle: ${[...trail.slice(trail.indexOf(node)), node].join(' → ')}`);
    return;
  }
  for (const next of edges.get(node) ?? []) visit(next, [...trail, node]);
};
for (const node of edges.keys()) visit(node, []);

if (problems.length) {
  console.error([...new Set(problems)].join('\n'));
  console.error(`module boundaries: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`module boundaries: ${importers.length} files checked, no problem`);
