import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSession } from '../../source/commands/session.js';
import { createStepContext } from '../../source/steps/context.js';
import { TroubleshootController } from '../../source/troubleshoot/controller.js';
import { runBin } from '../helpers/bin.js';
import { editEnv } from '../helpers/env-files.js';
import { dockerMonorepo, runningBackend, type DockerMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';
import { acceptEveryScreen, renderWizard } from '../helpers/wizard.js';

const database = freshDatabasePerTest();

/** Unique strings no output may ever hold: every secret of the monorepo is one of them. */
const MARKERS = {
  pgPassword: 'mkPgPw7Q1x',
  jwtBun: 'mkJwtBun9Z3c',
  jwtElixir: 'mkJwtEx4R8v',
  jwtDocker: 'mkJwtDock2W6n',
  secretKeyBase: `mkSkb${'k7'.repeat(30)}`,
  smokePassword: 'mkSmoke5T0p',
  apiToken: 'mkTok3nY8u',
};

/** A monorepo whose every secret is a marker, with .env.docker and the Elixir .env in CRLF. */
async function markedMonorepo(): Promise<DockerMonorepo> {
  const repo = await dockerMonorepo(database().url);
  const url = new URL(database().url);
  url.password = MARKERS.pgPassword; // PGlite and the machine's trusting server take any password
  editEnv(repo.root, 'apps/backend/.env', { DATABASE_URL: url.toString(), JWT_SECRET: MARKERS.jwtBun, SMOKE_PASSWORD: MARKERS.smokePassword, API_TOKEN: MARKERS.apiToken });
  editEnv(repo.root, 'apps/backend-ex/.env', { DATABASE_URL: url.toString().replace(/^postgres:/, 'ecto:'), JWT_SECRET: MARKERS.jwtElixir, SECRET_KEY_BASE: MARKERS.secretKeyBase });
  editEnv(repo.root, '.env.docker', { POSTGRES_PASSWORD: MARKERS.pgPassword, JWT_SECRET: MARKERS.jwtDocker });
  for (const file of ['.env.docker', 'apps/backend-ex/.env']) {
    const path = join(repo.root, file);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\r?\n/g, '\r\n'));
  }
  return repo;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function leaks(text: string): string[] {
  return Object.entries(MARKERS).filter(([, marker]) => text.includes(marker)).map(([name]) => name);
}

describe('no secret in any output', () => {
  it('plan, switch (dev and Docker), doctor (text and JSON), status, report, rollback, the wizard and every fix preview show none, in LF and CRLF files; nor does any file of .backend-switch but backups and journal originals', async () => {
    const repo = await markedMonorepo();
    await runningBackend(repo, 'bun');
    const outputs: Record<string, string> = {};
    const run = async (name: string, args: string[]) => {
      const result = await runBin([...args, '--cwd', repo.root], { env: repo.env });
      outputs[name] = result.stdout + result.stderr;
    };
    await run('doctor', ['doctor']);
    await run('doctor --json', ['doctor', '--json']);
    await run('doctor --backend elixir', ['doctor', '--backend', 'elixir']);
    await run('status', ['status']);
    await run('status --json', ['status', '--json']);
    await run('plan', ['plan', '--to', 'elixir']);
    await run('plan docker', ['plan', '--to', 'elixir', '--mode', 'docker']);

    // Every one-key fix the troubleshoot screen offers: its title and its diff.
    const session = openSession({ cwd: repo.root, 'api-url': repo.apiUrl }, 'en');
    const abort = new AbortController();
    const troubleshoot = new TroubleshootController(createStepContext(session, { to: 'elixir', mode: 'dev', signal: abort.signal }), { intervalMs: 60_000, sleep: async () => {}, now: Date.now });
    await troubleshoot.watcher.refresh();
    const fixes = troubleshoot.state.fixes;
    expect(fixes.map((f) => f.id)).toEqual(expect.arrayContaining(['jwt']));
    outputs['fix previews'] = fixes.map((f) => [f.title, ...f.changes.flatMap((c) => c.diff.map((l) => l.text)), ...f.commands].join('\n')).join('\n');
    abort.abort();

    // The wizard, every frame of a whole switch.
    const wizard = await renderWizard(repo.root);
    await wizard.waitFor(() => wizard.frame().includes('Active now: bun.'), 'the direction screen');
    wizard.press('\r');
    // The JWT mismatch fails the checklist: then stop there, and the report is written.
    const failedAt = await acceptEveryScreen(wizard, { next: 'Press enter to continue.', question: '? ' }).then(() => undefined, (error: Error) => error.message);
    if (failedAt) {
      wizard.controller.stop();
      await wizard.waitFor(() => Boolean(wizard.controller.state.report), 'the report after stopping');
    }
    outputs.wizard = [...wizard.frames, wizard.frame(), failedAt ?? ''].join('\n');

    await run('switch back', ['switch', '--to', 'bun', '--yes']);
    await run('switch docker', ['switch', '--to', 'elixir', '--mode', 'docker', '--yes']);
    await run('report', ['report']);
    await run('report --json', ['report', '--format', 'json']);
    await run('rollback --list', ['rollback', '--list']);
    await run('rollback', ['rollback', '--yes']);

    for (const [name, text] of Object.entries(outputs)) expect(leaks(text), `${name}:\n${text}`).toEqual([]);
    expect(outputs['plan docker']).toMatch(/SECRET_KEY_BASE=sha256:[0-9a-f]{12}/); // shown as a fingerprint, not left out

    const state = join(repo.root, '.backend-switch');
    const checked = filesUnder(state).filter((file) => !/\/backups\/|\/original-\d+$/.test(file));
    expect(checked.length, checked.join('\n')).toBeGreaterThan(5);
    for (const file of checked) expect(leaks(readFileSync(file, 'utf8')), relative(repo.root, file)).toEqual([]);
    for (const file of filesUnder(state).filter((f) => /\/backups\/|\/original-\d+$/.test(f))) {
      expect(statSync(file).mode & 0o777, relative(repo.root, file)).toBe(0o600);
    }
  }, 120_000);
});
