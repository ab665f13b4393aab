import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runBin } from '../helpers/bin.js';
import { copyFixture } from '../helpers/fixture.js';
import { runningBackend, switchableMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest, REAL_POSTGRES } from '../helpers/postgres.js';
import { treeHash } from '../helpers/tree.js';

const database = freshDatabasePerTest();

/** Root may mount and set attributes here; elsewhere the tests that need it say why they skip. */
const CAN_MOUNT = spawnSync('sh', ['-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=16k tmpfs "$d" && umount "$d"; s=$?; rmdir "$d"; exit $s']).status === 0;
const mounted: string[] = [];
afterEach(() => {
  for (const dir of mounted.splice(0)) spawnSync('umount', ['-l', dir]);
});

function mountFull(dir: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir]);
  mounted.push(dir);
  spawnSync('sh', ['-c', `cat /dev/zero > '${join(dir, 'filler')}'`]); // fills it: every later write is ENOSPC
}

function expectInputError(result: { exitCode?: number; stderr: string; stdout: string }, file: string) {
  expect(result.exitCode, result.stdout + result.stderr).toBe(2);
  expect(result.stderr).toContain(file);
  expect(result.stderr).toContain('Fix: ');
  expect(result.stderr).not.toMatch(/hit a bug|\n\s+at /);
}

const aliasBomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghij'.split('').map((c, i) => `${c}: &${c} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');

describe('ordinary faults are input errors, never "hit a bug"', () => {
  it.each([
    ['backend-switch.yaml is a folder', 'backend-switch.yaml'],
    ['apps/backend/.env is a folder', 'apps/backend/.env'],
    ['.env.docker is a folder', '.env.docker'],
    ['docker-compose.yml is a folder', 'docker-compose.yml'],
    ['apps/frontend/Dockerfile is a folder', 'apps/frontend/Dockerfile'],
  ])('%s: exit 2 naming it, nothing changed', async (_what, file) => {
    const root = copyFixture();
    rmSync(join(root, file), { force: true });
    mkdirSync(join(root, file));
    const before = treeHash(root);
    for (const args of [['doctor'], ['switch', '--to', 'elixir', '--yes']]) {
      const result = await runBin([...args, '--cwd', root]);
      expectInputError(result, file);
      expect(result.stderr).toContain('is a folder, where a file should be');
    }
    expect(treeHash(root)).toBe(before);
  });

  it.each([
    ['the config', 'backend-switch.yaml', (root: string) => writeFileSync(join(root, 'backend-switch.yaml'), `${aliasBomb}\n`)],
    ['the compose file', 'docker-compose.yml', (root: string) => appendFileSync(join(root, 'docker-compose.yml'), `x-bomb:\n${aliasBomb.replace(/^/gm, '  ')}\n`)],
  ])('a YAML alias bomb in %s is refused at once, naming the limit', async (_what, file, plant) => {
    const root = copyFixture();
    plant(root);
    const result = await runBin(['status', '--cwd', root]);
    expectInputError(result, file);
    expect(result.stderr).toContain('aliases expand past');
  });

  it.each([
    ['5 MB of comments', (root: string) => appendFileSync(join(root, 'docker-compose.yml'), `# ${'x'.repeat(98)}\n`.repeat(52_000))],
    ['60,000 services', (root: string) => {
      const path = join(root, 'docker-compose.yml');
      writeFileSync(path, readFileSync(path, 'utf8').replace('services:\n', `services:\n${Array.from({ length: 60_000 }, (_, i) => `  s${i}: { image: x }\n`).join('')}`));
    }],
  ])('a compose file with %s is refused with its size and the limit', async (_what, grow) => {
    const root = copyFixture();
    grow(root);
    const result = await runBin(['switch', '--to', 'elixir', '--mode', 'docker', '--yes', '--cwd', root]);
    expectInputError(result, 'docker-compose.yml');
    expect(result.stderr).toMatch(/is \d+(\.\d)? [KM]B; backend-switch reads files up to 256 KB/);
  });

  it.skipIf(!CAN_MOUNT)('an immutable .env.local (EPERM): the frontend step fails naming it, the report is kept (needs root and chattr)', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    const file = join(repo.root, 'apps/frontend/.env.local');
    execFileSync('chattr', ['+i', join(repo.root, 'apps/frontend')]);
    try {
      const result = await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
      expect(result.exitCode, result.stdout + result.stderr).toBe(1);
      expect(result.stdout).toMatch(/apps\/frontend.*(not permitted|permission denied)/);
      expect(result.stdout + result.stderr).not.toMatch(/hit a bug|\n\s+at /);
      expect(readdirSync(join(repo.root, '.backend-switch/reports')).some((f) => f.endsWith('.md'))).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe('VITE_API_URL=http://localhost:3000\n');
    } finally {
      execFileSync('chattr', ['-i', join(repo.root, 'apps/frontend')]);
    }
  });

  it.skipIf(!CAN_MOUNT)('a full disk while saving the report, after a successful switch: said, not thrown (needs root to mount a tmpfs)', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    mountFull(join(repo.root, '.backend-switch/reports'));
    const result = await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
    expect(result.stdout).toMatch(/^Switched from bun to elixir/m);
    expect(result.stderr).toContain('The report could not be saved');
    expect(result.stderr).toContain('the disk is full (ENOSPC)');
    expect(result.stdout + result.stderr).not.toMatch(/hit a bug|\n\s+at /);
    expect(readFileSync(join(repo.root, 'apps/frontend/.env.local'), 'utf8')).toBe(`VITE_API_URL=${repo.apiUrl}\n`);
  });

  it.skipIf(!CAN_MOUNT || !REAL_POSTGRES)('a backup that fails on a full disk removes its partial file and says why, before any change (needs root and the real PostgreSQL)', async () => {
    const repo = await switchableMonorepo(database().url);
    const pid = await runningBackend(repo, 'bun');
    mountFull(join(repo.root, '.backend-switch/backups'));
    const result = await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/the backup failed: .*(No space left|could not write)/i);
    expect(readdirSync(join(repo.root, '.backend-switch/backups')).filter((f) => f.endsWith('.sql'))).toEqual([]);
    expect(() => process.kill(pid, 0)).not.toThrow();
  });

  it('a closed stdout (switch --yes | head -1) never stops the switch: it finishes and saves its report', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    // Not spawnSync: on a bare machine the PGlite the switch talks to runs in this very process.
    const result = await promisify(execFile)('bash', ['-c', `'${process.execPath}' '${BIN}' switch --to elixir --yes --cwd '${repo.root}' | head -1; echo "exit=\${PIPESTATUS[0]}"`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.stdout).toMatch(/^\[1\/9\] Pre-flight checklist\n/);
    expect(result.stdout).toMatch(/exit=0\n$/);
    expect(result.stderr).not.toMatch(/EPIPE|hit a bug/);
    const reports = readdirSync(join(repo.root, '.backend-switch/reports')).filter((f) => f.endsWith('.json'));
    expect(JSON.parse(readFileSync(join(repo.root, '.backend-switch/reports', reports[0]!), 'utf8')).result).toMatch(/switched|partial/);
    expect(existsSync(join(repo.root, 'apps/frontend/.env.local'))).toBe(true);
  });
});
