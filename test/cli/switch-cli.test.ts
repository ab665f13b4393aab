import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { treeHash } from '../helpers/tree.js';
import { runningBackend, switchableMonorepo, type Monorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest, REAL_POSTGRES } from '../helpers/postgres.js';

const database = freshDatabasePerTest();

function lastReport(repo: Monorepo) {
  const dir = join(repo.root, '.backend-switch/reports');
  const name = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().pop()!;
  return { json: JSON.parse(readFileSync(join(dir, name), 'utf8')), markdown: readFileSync(join(dir, name.replace('.json', '.md')), 'utf8') };
}

const envLocal = (repo: Monorepo) => readFileSync(join(repo.root, 'apps/frontend/.env.local'), 'utf8');

describe('switch --mode dev', () => {
  it('switches Bun → Elixir (again: nothing to change) and back with --yes, each time leaving .env.local as the guide says and a report naming every step', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');

    const toElixir = await runBin(['switch', '--to', 'elixir', '--mode', 'dev', '--yes', '--cwd', repo.root]);
    expect(toElixir.exitCode, toElixir.stdout + toElixir.stderr).toBe(0);
    expect(envLocal(repo)).toBe(`VITE_API_URL=${repo.apiUrl}\n`);
    let report = lastReport(repo);
    // --yes confirms no manual item of the checklist: the run says so instead of "Switched".
    expect(report.json).toMatchObject({ from: 'bun', to: 'elixir', mode: 'dev', result: 'partial' });
    expect(report.json.unconfirmed.map((u: { item: string }) => u.item)).toEqual(['tests', 'webhook', 'logs', 'tellTeam']);
    expect(toElixir.stdout).toContain('Switched from bun to elixir, but 4 items not confirmed: tests, webhook, logs, tellTeam.');
    expect(toElixir.stdout).not.toMatch(/^Switched from bun to elixir\.$/m);
    expect(report.json.steps.map((s: { id: string }) => s.id)).toEqual(['preflight', 'deps', 'tests', 'stop', 'database', 'migrate', 'frontend', 'start', 'verify']);
    for (const title of ['Pre-flight checklist', 'Stop the old backend', 'Verify the database', 'Migrations and seeds', 'Configure the frontend', 'Start the new backend', 'Post-switch checklist']) {
      expect(report.markdown).toContain(title);
    }
    if (REAL_POSTGRES) expect(report.json.backup.bytes).toBeGreaterThan(0);
    else expect(report.json.steps[0].detail).toContain('embedded PGlite'); // pg_dump cannot dump it; said, not hidden
    expect(report.json.files).toEqual([expect.objectContaining({ path: 'apps/frontend/.env.local', added: 1, removed: 1 })]);
    expect(report.json.checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toEqual(expect.arrayContaining(['health:ok', 'cors:ok', 'ws:ok']));
    const applied = await database().query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(applied.rows[0].n).toBe(3);

    const again = await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
    expect(again.exitCode, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('Already on elixir: nothing was changed.'); // what it did not change: test/steps/engine.test.ts

    const toBun = await runBin(['switch', '--to', 'bun', '--yes', '--cwd', repo.root]);
    expect(toBun.exitCode, toBun.stdout + toBun.stderr).toBe(0);
    expect(envLocal(repo)).toBe(`VITE_API_URL=${repo.apiUrl}\n`);
    report = lastReport(repo);
    expect(report.json).toMatchObject({ from: 'elixir', to: 'bun', result: 'partial' });
    const status = await runBin(['status', '--json', '--cwd', repo.root]);
    expect(JSON.parse(status.stdout)).toMatchObject({ active: 'bun' });
  });

  it('without --yes, stops at the first confirmation with exit 2 and changes nothing', async () => {
    const repo = await switchableMonorepo(database().url);
    const pid = await runningBackend(repo, 'bun');
    const before = treeHash(repo.root);
    const result = await runBin(['switch', '--to', 'elixir', '--cwd', repo.root]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('needs a confirmation');
    expect(result.stderr).toContain('--yes');
    expect(treeHash(repo.root)).toBe(before);
    expect(() => process.kill(pid, 0)).not.toThrow(); // the old backend still runs
  });

  it('stops at a failing migrate command with exit 1, shows its last lines, records them, and runs no later step', async () => {
    const failing = `${process.execPath} -e "console.log('** (Postgrex.Error) ERROR 42P07 relation users already exists'); process.exit(3)"`;
    const repo = await switchableMonorepo(database().url, { migrate: { elixir: failing } });
    await runningBackend(repo, 'bun');
    // Without the rehearsal (its own tests show it catches this first), the migrate step meets it.
    const result = await runBin(['switch', '--to', 'elixir', '--yes', '--no-rehearse', '--cwd', repo.root]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('relation users already exists');
    expect(result.stdout).toContain('exited with 3');
    const { json, markdown } = lastReport(repo);
    expect(json.result).toBe('failed');
    expect(json.steps.map((s: { id: string }) => s.id)).toEqual(['preflight', 'deps', 'tests', 'stop', 'database', 'migrate']);
    expect(json.steps.at(-1)).toMatchObject({ id: 'migrate', status: 'failed' });
    expect(markdown).toContain('relation users already exists');
    expect(envLocal(repo)).toBe('VITE_API_URL=http://localhost:3000\n'); // the frontend step never ran
  });

  it('plan prints the diffs and commands and changes no byte', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    const before = treeHash(repo.root);
    const result = await runBin(['plan', '--to', 'elixir', '--cwd', repo.root]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`+VITE_API_URL=${repo.apiUrl}`);
    expect(result.stdout).toContain('elixir migrate');
    // The optional tests: a question, with what --yes answers, not a step that "will run".
    expect(result.stdout).toMatch(/\d+\. The new backend's tests — if you say yes\n/);
    expect(result.stdout).toMatch(/\? Run the tests now \(.+\)\? \(asked when switching; --yes answers: Not now/);
    expect(treeHash(repo.root)).toBe(before);
    expect(existsSync(join(repo.root, '.backend-switch'))).toBe(false);
  });

  it('rollback restores .env.local byte for byte, and report prints the last report', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    const original = envLocal(repo);
    await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
    const report = await runBin(['report', '--cwd', repo.root]);
    expect(report.stdout).toContain('# Backend switch: bun → elixir');
    const rollback = await runBin(['rollback', '--cwd', repo.root]);
    expect(rollback.exitCode).toBe(0);
    expect(envLocal(repo)).toBe(original);
  });
});
