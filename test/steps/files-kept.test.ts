import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { translator } from '../../source/i18n/index.js';
import { finishRun } from '../../source/report/finish.js';
import { createStepContext } from '../../source/steps/context.js';
import { SwitchEngine, type Answerer } from '../../source/steps/engine.js';
import { fingerprint } from '../../source/util/secrets.js';
import { runBin } from '../helpers/bin.js';
import { dockerMonorepo, runningBackend, switchableMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';
import { treeHash } from '../helpers/tree.js';

const database = freshDatabasePerTest();

describe('files stay what they were', () => {
  it('a symlinked .env.local inside the monorepo stays a link: the switch writes its target, rollback restores it', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    mkdirSync(join(repo.root, 'config'));
    const target = join(repo.root, 'config/frontend.env');
    writeFileSync(target, 'VITE_API_URL=http://localhost:3000\n');
    const link = join(repo.root, 'apps/frontend/.env.local');
    rmSync(link);
    symlinkSync('../../config/frontend.env', link);
    const result = await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
    expect(result.exitCode, result.stdout).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(`VITE_API_URL=${repo.apiUrl}\n`);
    expect((await runBin(['rollback', '--cwd', repo.root])).exitCode).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('VITE_API_URL=http://localhost:3000\n');
  });

  it('a symlink that leads out of the monorepo: the switch refuses before any change, naming both paths', async () => {
    const repo = await switchableMonorepo(database().url);
    const pid = await runningBackend(repo, 'bun');
    const outside = join(mkdtempSync(join(tmpdir(), 'bs-outside-')), 'frontend.env');
    writeFileSync(outside, 'VITE_API_URL=http://localhost:3000\n');
    const link = join(repo.root, 'apps/frontend/.env.local');
    rmSync(link);
    symlinkSync(outside, link);
    const before = treeHash(repo.root, ['.backend-switch']);
    const result = await runBin(['switch', '--to', 'elixir', '--yes', '--cwd', repo.root]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`apps/frontend/.env.local is a symlink to ${outside}, outside the monorepo`);
    expect(readFileSync(outside, 'utf8')).toBe('VITE_API_URL=http://localhost:3000\n');
    expect(treeHash(repo.root, ['.backend-switch'])).toBe(before);
    expect(() => process.kill(pid, 0)).not.toThrow();
  });

  it('a CRLF .env.docker keeps CRLF for the lines the switch adds', async () => {
    const repo = await dockerMonorepo(database().url);
    const path = join(repo.root, '.env.docker');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n/g, '\r\n'));
    const result = await runBin(['switch', '--to', 'elixir', '--mode', 'docker', '--yes', '--cwd', repo.root], { env: repo.env });
    expect(result.exitCode, result.stdout).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/\r\nSECRET_KEY_BASE=[A-Za-z0-9+/]{64}\r\n$/);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('the SECRET_KEY_BASE previewed is the one written: one generation per run', async () => {
    const repo = await dockerMonorepo(database().url);
    const shown: string[] = [];
    const answerer: Answerer = { person: false, answer: async (q) => (q.yesAnswers ? q.default : undefined), afterFailure: async () => ({ retry: false }), proceed: async () => {} };
    const settings = { project: { root: repo.root }, t: translator('en'), apiUrl: repo.apiUrl, frontendOrigin: 'http://localhost:5173', timeoutMs: 2000 };
    const engine = new SwitchEngine({
      to: 'elixir',
      mode: 'docker',
      answerer,
      finish: finishRun,
      onEvent: (event) => {
        if (event.type === 'previews') shown.push(...event.previews.flatMap((p) => p.lines));
        if (event.type === 'step-start') shown.push(...event.preview.lines);
      },
      createContext: (to, mode) => createStepContext(settings, { to, mode, signal: new AbortController().signal, dockerSocket: repo.env.DOCKER_HOST!.replace('unix://', '') }),
    });
    await engine.run();
    const written = parse(readFileSync(join(repo.root, '.env.docker'))).SECRET_KEY_BASE!;
    const previewed = shown.filter((line) => line.includes('SECRET_KEY_BASE generated'));
    expect(previewed.length).toBeGreaterThanOrEqual(2); // the plan of the run, and the step's own look before writing
    for (const line of previewed) expect(line).toContain(fingerprint(written));
  });
});
