import type { Check, CheckContext, Finding } from '../core/check.js';
import { otherBackend } from '../backends/index.js';
import { identifyBackend } from '../backends/active.js';
import { findPortOwners, type PortOwner } from '../probes/port-owner.js';
import { backendCommand, composeCommand, isLocalHost } from './support.js';
import type { BackendName } from '../project/config.js';
import { displayPath } from '../util/paths.js';
import { redactShapes } from '../util/redact.js';

declare module '../core/check.js' {
  interface CheckDataMap {
    /** Who listens on the API, frontend, PostgreSQL and Redis ports. */
    port: {
      ports: Record<PortName, PortOwner>;
      /** The backend of this monorepo proven to hold the API port (its folder, our record, a container); null: none. */
      apiBackend: BackendName | null;
    };
  }
}

type PortName = 'api' | 'frontend' | 'postgres' | 'redis';

/** Guide §6: who holds the API port (and the frontend, Postgres and Redis ports). */
export const port: Check<'port'> = {
  id: 'port',
  async run(ctx) {
    const { config } = ctx.project;
    const api = new URL(ctx.apiUrl);
    const apiPort = Number(api.port || (api.protocol === 'https:' ? 443 : 80));
    const named = { api: apiPort, frontend: config.ports.frontend, postgres: config.ports.postgres, redis: config.ports.redis };
    const owners = await findPortOwners(Object.values(named));
    const byName = Object.fromEntries(Object.keys(named).map((name, i) => [name, owners[i]!])) as Record<keyof typeof named, PortOwner>;
    // Data leaves in `doctor --json`: command lines without their credentials.
    const ports = Object.fromEntries(Object.entries(byName).map(([name, owner]) => [name, owner.command ? { ...owner, command: redactShapes(owner.command) } : owner])) as Record<PortName, PortOwner>;
    const others = (['frontend', 'postgres', 'redis'] as const).map((name) => describe(ctx, name, byName[name])).join('; ');
    if (!isLocalHost(api.hostname)) {
      return { status: 'skip', detail: ctx.t('port.remoteApi', { url: ctx.apiUrl, others }), data: { ports, apiBackend: null } };
    }
    const identified = await identifyBackend(ctx.project, byName.api, ctx.apiUrl, ctx.timeoutMs);
    const verdict = judgeApi(ctx, byName.api, identified?.backend);
    return { ...verdict, detail: `${verdict.detail} ${ctx.t('port.others', { others })}`, data: { ports, apiBackend: identified?.backend ?? null } };
  },
};

/** `who` is the backend the listener was proven to be (its folder, our record, or a container of this project). */
function judgeApi(ctx: CheckContext, owner: PortOwner, who: BackendName | undefined): Finding {
  const { t } = ctx;
  const target = ctx.backend;
  const port = owner.port;
  if (!owner.listening) {
    return {
      status: 'warn',
      detail: t('port.free', { port }),
      fix: t('port.freeFix', { command: backendCommand(ctx, ctx.project.config.backends[target].commands.start) }),
    };
  }
  const holder = owner.pid === undefined ? '' : describeHolder(ctx, owner);
  if (who === target) return { status: 'ok', detail: t('port.heldByTarget', { who: holder || t('port.someone'), backend: target }) };
  if (owner.pid === undefined) {
    return { status: 'warn', detail: t('port.hidden', { port }), fix: t('port.hiddenFix', { port }) };
  }
  if (who === otherBackend(target) && owner.kind !== 'docker') {
    return {
      status: 'fail',
      detail: t('port.heldByOther', { who: holder, backend: otherBackend(target), target }),
      fix: t('port.killFix', { pid: owner.pid }),
    };
  }
  if (owner.kind === 'docker') {
    return ctx.mode === 'docker'
      ? { status: 'ok', detail: t('port.heldByDocker', { who: holder }) }
      : {
          status: 'warn',
          detail: t('port.heldByDocker', { who: holder }),
          fix: t('port.dockerFix', { command: `${composeCommand(ctx)} stop ${ctx.project.config.backends[otherBackend(target)].service}` }),
        };
  }
  return { status: 'fail', detail: t('port.heldByStranger', { who: holder, port, target }), fix: t('port.strangerFix', { pid: owner.pid, port }) };
}

/** pid, command (credentials removed) and folder: what a person needs to judge a process. */
export function describeHolder(ctx: Pick<CheckContext, 't' | 'project'>, owner: PortOwner): string {
  return ctx.t('port.holder', { pid: owner.pid ?? '?', command: redactCommand(owner.command ?? '?'), folder: ownerFolder(ctx, owner) });
}

function ownerFolder(ctx: Pick<CheckContext, 't' | 'project'>, owner: PortOwner): string {
  return owner.cwd ? displayPath(ctx.project.root, owner.cwd) : ctx.t('port.unknownFolder');
}

function describe(ctx: CheckContext, name: string, owner: PortOwner): string {
  if (!owner.listening) return ctx.t('port.entryFree', { name, port: owner.port });
  if (owner.pid === undefined) return ctx.t('port.entryHidden', { name, port: owner.port });
  return ctx.t('port.entry', { name, port: owner.port, pid: owner.pid, command: redactCommand(owner.command ?? '?'), folder: ownerFolder(ctx, owner) });
}

/** A process's command line as a panel shows it: credentials hidden (URLs, --password=…), kept short. */
export function redactCommand(command: string): string {
  const redacted = redactShapes(command);
  return redacted.length > 60 ? `${redacted.slice(0, 59)}…` : redacted;
}
