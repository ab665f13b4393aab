import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'dotenv';
import pg from 'pg';
import { prepareDockerStack, type StackPorts } from '../../scripts/docker-stack-lib.js';
import { runBin } from '../helpers/bin.js';
import { closedPort } from '../helpers/servers.js';

/** The smoke user: the Bun app's migrate seeds it (SMOKE_* set), the stand-in knows it. */
export const SMOKE = { SMOKE_EMAIL: 'demo@ecredit.test', SMOKE_PASSWORD: 'demo1234' };

export interface Stack {
  root: string;
  /** The compose project: unique per run, so containers, networks and volumes are this run's alone. */
  name: string;
  ports: StackPorts;
  apiUrl: string;
  frontendUrl: string;
}

/**
 * A copy of fixtures/ecredit with fixtures/docker-stack laid over it, on four free host ports
 * (never the machine's own 5432, 6379, nor 3000 or 5173) and a compose project of its own.
 */
export async function realStack(): Promise<Stack> {
  const root = mkdtempSync(join(tmpdir(), 'bs-real-docker-'));
  const ports = { api: await closedPort(), frontend: await closedPort(), postgres: await closedPort(), redis: await closedPort() };
  const name = `bs-real-${basename(root).slice(-6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  prepareDockerStack(root, { ports, name });
  return { root, name, ports, apiUrl: `http://localhost:${ports.api}`, frontendUrl: `http://localhost:${ports.frontend}` };
}

/** `docker compose --env-file .env.docker …` in the copy, as the tool runs it; never rejects. */
export function compose(stack: Stack, args: string[]) {
  return execa('docker', ['compose', '--env-file', '.env.docker', ...args], { cwd: stack.root, reject: false, all: true });
}

export async function composeOk(stack: Stack, args: string[]): Promise<string> {
  const result = await compose(stack, args);
  if (result.exitCode !== 0) throw new Error(`docker compose ${args.join(' ')} exited ${result.exitCode}:\n${String(result.all).split('\n').slice(-15).join('\n')}`);
  return String(result.all);
}

/**
 * The bin, as a user runs it, with the smoke user's credentials. Probes get 10 s rather than
 * 2: this 2-core machine is shared, and under its load a real PostgreSQL's SCRAM login through
 * docker-proxy was seen to take longer than 2 s (the verdicts are the same, given the time).
 */
export function backendSwitch(stack: Stack, args: string[]) {
  return runBin([...args, '--cwd', stack.root, '--timeout', '10000'], { env: { ...SMOKE, DOCKER_HOST: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock' } });
}

/** The Bun stack a team starts with: images built, the database migrated (and the smoke user seeded), `up -d`. */
export async function startBunStack(stack: Stack): Promise<void> {
  await composeOk(stack, ['build']);
  await composeOk(stack, ['up', '-d', '--wait', 'db', 'redis']);
  await composeOk(stack, ['run', '--rm', '-e', `SMOKE_EMAIL=${SMOKE.SMOKE_EMAIL}`, '-e', `SMOKE_PASSWORD=${SMOKE.SMOKE_PASSWORD}`, 'backend', 'bun', 'run', 'db:migrate']);
  await composeOk(stack, ['up', '-d']);
  await waitFor(async () => (await health(stack))?.status === 200, 60_000, `${stack.apiUrl}/health answering 200`);
}

/** The stack's containers as the engine lists them: name → state. */
export async function containers(stack: Stack): Promise<Record<string, string>> {
  const { stdout } = await execa('docker', ['ps', '-a', '--filter', `label=com.docker.compose.project=${stack.name}`, '--format', '{{.Names}} {{.State}}']);
  return Object.fromEntries(stdout.split('\n').filter(Boolean).map((line) => line.split(' ') as [string, string]));
}

export async function health(stack: Stack): Promise<{ status: number; body: string } | undefined> {
  try {
    const answer = await fetch(`${stack.apiUrl}/health`, { signal: AbortSignal.timeout(2000) });
    return { status: answer.status, body: await answer.text() };
  } catch {
    return undefined;
  }
}

/** The page the frontend container serves (its VITE_API_URL baked in at build time). */
export async function servedPage(stack: Stack): Promise<string> {
  const answer = await fetch(stack.frontendUrl, { signal: AbortSignal.timeout(2000) });
  return answer.text();
}

/** Polls `condition` until it holds; past the deadline, fails naming what it waited for. */
export async function waitFor(condition: () => Promise<boolean>, deadlineMs: number, what: string): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await condition().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`waited ${deadlineMs / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** `.env.docker` as compose reads it: the secrets no output may hold. */
export function secrets(stack: Stack): string[] {
  const values = parse(readFileSync(join(stack.root, '.env.docker')));
  return Object.entries(values).filter(([key]) => /SECRET|PASSWORD|KEY/.test(key)).map(([, value]) => value).filter((v) => v.length >= 6);
}

/** A query on the stack's PostgreSQL through its published port. */
export async function query<T extends pg.QueryResultRow>(stack: Stack, sql: string): Promise<T[]> {
  const password = parse(readFileSync(join(stack.root, '.env.docker'))).POSTGRES_PASSWORD ?? '';
  const client = new pg.Client({ host: '127.0.0.1', port: stack.ports.postgres, user: 'postgres', password, database: 'ecredit' });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Everything of this run goes: containers, network, volumes, every image built under its
 * project name (compose labels them so; a tag such as ecredit-stack/db:local moves to the next
 * run's build, which the build cache makes quick), and the copy.
 */
export async function removeStack(stack: Stack): Promise<void> {
  await compose(stack, ['down', '-v', '--remove-orphans', '--timeout', '5']);
  const { stdout } = await execa('docker', ['images', '-q', '--filter', `label=com.docker.compose.project=${stack.name}`], { reject: false });
  const images = [...new Set(stdout.split('\n').filter(Boolean))];
  if (images.length) await execa('docker', ['image', 'rm', '-f', ...images], { reject: false });
  rmSync(stack.root, { recursive: true, force: true });
}
