// Makes a copy of the sample monorepo that runs on a real Docker engine with no image
// registry: fixtures/ecredit, with fixtures/docker-stack laid over it (Dockerfiles FROM the
// local Debian base, a compose file on ports the machine's own services do not hold), and
// what the build contexts need from this machine: the Bun binary of the npm package and the
// Bun app's node_modules (apps/backend), Node and the Phoenix-protocol stand-in's bundle
// (apps/backend-ex/.standin). Used by the real-Docker tests and by scripts/docker-stack.js.
import { chmodSync, copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findBun, PROJECT_ROOT } from './find-bun-lib.js';

/** The ports fixtures/docker-stack publishes, replaced by `prepareDockerStack`'s `ports`. */
export const STACK_PORTS = { api: 13000, frontend: 15173, postgres: 15432, redis: 16379 };
export const STACK_NAME = 'ecredit-stack';

/**
 * @param {string} root  an empty (or absent) folder
 * @param {{ ports?: Partial<typeof STACK_PORTS>, name?: string, bun?: string, node?: string }} [options]
 * @returns {{ root: string, ports: typeof STACK_PORTS, name: string }}
 */
export function prepareDockerStack(root, options = {}) {
  const ports = { ...STACK_PORTS, ...options.ports };
  const name = options.name ?? STACK_NAME;
  mkdirSync(root, { recursive: true });
  cpSync(join(PROJECT_ROOT, 'fixtures', 'ecredit'), root, { recursive: true });
  cpSync(join(PROJECT_ROOT, 'fixtures', 'docker-stack'), root, { recursive: true });

  const bun = options.bun ?? bunBinary();
  const backend = join(root, 'apps', 'backend');
  mkdirSync(join(backend, '.docker'), { recursive: true });
  copyFileSync(bun, join(backend, '.docker', 'bun'));
  chmodSync(join(backend, '.docker', 'bun'), 0o755);
  const appPackage = JSON.parse(readFileSync(join(backend, 'package.json'), 'utf8'));
  copyModules(Object.keys(appPackage.dependencies ?? {}), join(backend, 'node_modules'));

  const standin = join(root, 'apps', 'backend-ex', '.standin');
  const dist = join(PROJECT_ROOT, 'dist');
  if (!existsSync(join(dist, 'standins', 'backend-main.js'))) throw new Error(`no ${join(dist, 'standins', 'backend-main.js')}: run npm run build`);
  mkdirSync(join(standin, 'dist'), { recursive: true });
  cpSync(join(dist, 'standins'), join(standin, 'dist', 'standins'), { recursive: true });
  cpSync(join(dist, 'chunks'), join(standin, 'dist', 'chunks'), { recursive: true });
  copyFileSync(options.node ?? process.execPath, join(standin, 'node'));
  chmodSync(join(standin, 'node'), 0o755);

  const replace = (file, pairs) => {
    const path = join(root, file);
    let text = readFileSync(path, 'utf8');
    for (const [from, to] of pairs) text = text.split(from).join(to);
    writeFileSync(path, text);
  };
  const published = Object.keys(STACK_PORTS).map((key) => [`${STACK_PORTS[key]}:`, `${ports[key]}:`]);
  replace('docker-compose.yml', [...published, [`name: ${STACK_NAME}`, `name: ${name}`], [`localhost:${STACK_PORTS.frontend}`, `localhost:${ports.frontend}`]]);
  replace('backend-switch.yaml', Object.keys(STACK_PORTS).map((key) => [String(STACK_PORTS[key]), String(ports[key])]));
  return { root, ports, name };
}

function bunBinary() {
  const found = findBun();
  if (!found.found) throw new Error(`no Bun binary for the backend image: ${found.reason}`);
  return found.path;
}

/**
 * The packages `names` need, from this project's node_modules (every package the Bun app
 * imports is a dependency here): each top-level package folder once, nested node_modules
 * inside it, the dependencies of both followed as Node resolves them.
 * @param {string[]} names
 * @param {string} target
 */
function copyModules(names, target) {
  const modules = join(PROJECT_ROOT, 'node_modules');
  /** @type {Set<string>} */
  const topLevel = new Set();
  /** @type {Set<string>} */
  const seen = new Set();
  const visit = (dir) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      const found = resolvePackage(dir, dep, modules);
      if (!found) continue;
      if (found === join(modules, dep)) topLevel.add(dep);
      visit(found);
    }
  };
  for (const name of names) {
    const dir = join(modules, name);
    if (!existsSync(join(dir, 'package.json'))) throw new Error(`the Bun app needs ${name}, which is not in ${modules}`);
    topLevel.add(name);
    visit(dir);
  }
  if (existsSync(target) && lstatSync(target).isSymbolicLink()) rmSync(target);
  for (const name of topLevel) cpSync(join(modules, name), join(target, name), { recursive: true, dereference: true });
}

/** Node's lookup: `<dir>/node_modules/<name>`, then each parent's, up to the project's node_modules. */
function resolvePackage(from, name, modules) {
  for (let dir = from; dir.startsWith(modules); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === modules) break;
  }
  const top = join(modules, name);
  return existsSync(join(top, 'package.json')) ? top : undefined;
}
