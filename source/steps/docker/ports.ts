import { foreignContainersOn, identifyBackend } from '../../backends/active.js';
import { describeHolder } from '../../checks/port.js';
import { findPortOwners, type PortOwner } from '../../probes/port-owner.js';
import type { ComposeService } from '../../project/compose.js';
import { backendServices } from '../../project/project.js';
import { displayPath } from '../../util/paths.js';
import type { StepContext } from '../types.js';

/** A host port a compose service publishes: `3000:3000`, `127.0.0.1:3000:3000`, `[::1]:3000:3000`. */
export function publishedPorts(service: ComposeService): number[] {
  return service.ports.flatMap((entry) => {
    const match = /^(?:(?:[\d.]+|\[[^\]]*\]):)?(\d+):\d+(?:\/\w+)?$/.exec(entry);
    return match ? [Number(match[1])] : [];
  });
}

/** The service whose published ports include `port`, if any. */
export function servicePublishing(ctx: StepContext, port: number): string | undefined {
  return Object.values(ctx.project.compose?.services ?? {}).find((s) => publishedPorts(s).includes(port))?.name;
}

export interface HeldPort {
  port: number;
  service: string;
  owner: PortOwner;
  /** The container behind a container proxy, named by the engine, of another compose project. */
  container?: string;
}

/**
 * Before anything stops: the host ports the backend's service and the frontend's publish
 * that something `compose down` will not free already holds (a dev server, a forgotten
 * backend, another project's container), so that `up` would stop the old stack and then fail
 * to publish them. This project's own containers and a process shown to be this monorepo's
 * backend (`up`'s own wrong-backend verdict covers it) are not counted, nor a container proxy
 * when no engine answers to name its container.
 */
export async function heldPorts(ctx: StepContext): Promise<HeldPort[]> {
  const services = [...backendServices(ctx.project, ctx.from), ...backendServices(ctx.project, ctx.to), ...frontendServices(ctx)];
  const wanted = services.flatMap((service) => publishedPorts(service).map((port) => ({ port, service: service.name })));
  if (wanted.length === 0) return [];
  const owners = await findPortOwners(wanted.map((w) => w.port));
  const proxied = owners.filter((o) => o.listening && o.kind === 'docker').map((o) => o.port);
  const foreign = proxied.length ? await foreignContainersOn(ctx.project, proxied, ctx.timeoutMs) : new Map<number, string>();
  const held: HeldPort[] = [];
  for (const [i, { port, service }] of wanted.entries()) {
    const owner = owners[i]!;
    if (!owner.listening || held.some((h) => h.port === port)) continue;
    if (owner.kind === 'docker') {
      const container = foreign.get(port);
      if (container) held.push({ port, service, owner, container });
      continue;
    }
    if (await identifyBackend(ctx.project, owner, ctx.apiUrl, ctx.timeoutMs)) continue;
    held.push({ port, service, owner });
  }
  return held;
}

/** What the gate and `up` say of a held port: who holds it, and the two ways out. */
export function heldPortText(ctx: StepContext, held: HeldPort): { detail: string; fix: string } {
  const file = ctx.project.compose ? displayPath(ctx.project.root, ctx.project.compose.path) : 'docker-compose.yml';
  if (held.container) {
    return {
      detail: ctx.t('ports.held', { port: held.port, service: held.service, holder: ctx.t('ports.foreignContainer', { name: held.container }) }),
      fix: ctx.t('ports.heldByContainerFix', { name: held.container, port: held.port, service: held.service, file }),
    };
  }
  return {
    detail: ctx.t('ports.held', { port: held.port, service: held.service, holder: held.owner.listening ? describeHolder(ctx.checks(), held.owner) : ctx.t('ports.anotherContainer') }),
    fix: ctx.t('ports.heldFix', { pid: held.owner.pid ?? '?', port: held.port, service: held.service, file }),
  };
}

function frontendServices(ctx: StepContext): ComposeService[] {
  const dir = ctx.project.frontend.dir;
  return Object.values(ctx.project.compose?.services ?? {}).filter((s) => s.buildContext === dir);
}
