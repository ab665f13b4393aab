import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../source/io/atomic-write.js';
import { Journal, OutsideMonorepoError } from '../../source/io/journal.js';
import { applyRollback, planRollback } from '../../source/io/rollback.js';
import { removeEnvKey, setEnvValue } from '../../source/edits/env-file.js';

function tempRoot(): string {
  return mkdtempSync(join(tmpdir(), 'bs-journal-'));
}

describe('atomic writes and the journal', () => {
  it('keeps the mode of the file it replaces', () => {
    const root = tempRoot();
    const path = join(root, '.env');
    writeFileSync(path, 'A=1\n');
    chmodSync(path, 0o640);
    writeFileAtomic(path, 'A=2\n');
    expect(readFileSync(path, 'utf8')).toBe('A=2\n');
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  it('saves the original before the first change and rolls back changes and creations', () => {
    const root = tempRoot();
    writeFileSync(join(root, 'a.env'), 'KEY=old\n');
    const journal = new Journal(root, '20261130-000000-abcd');
    journal.write('a.env', 'KEY=new\n');
    journal.write('a.env', 'KEY=newer\n');
    journal.write('created.env', 'X=1\n');
    expect(journal.entries).toHaveLength(2);
    const plan = planRollback(root, '20261130-000000-abcd')!;
    expect(plan.editedSince).toEqual([]);
    applyRollback(root, plan);
    expect(readFileSync(join(root, 'a.env'), 'utf8')).toBe('KEY=old\n');
    expect(existsSync(join(root, 'created.env'))).toBe(false);
    expect(planRollback(root, '20261130-000000-abcd')).toBeUndefined();
  });

  it('names a file edited after the run, so rollback can refuse', () => {
    const root = tempRoot();
    writeFileSync(join(root, 'a.env'), 'KEY=old\n');
    new Journal(root, '20261130-000000-abcd').write('a.env', 'KEY=new\n');
    writeFileSync(join(root, 'a.env'), 'KEY=hand-edited\n');
    expect(planRollback(root, '20261130-000000-abcd')!.editedSince).toEqual(['a.env']);
  });
});

describe('symlinked files stay symlinks', () => {
  it('writes through a link to a file inside the monorepo, and rollback restores that file, the link kept', () => {
    const root = tempRoot();
    mkdirSync(join(root, 'shared'));
    writeFileSync(join(root, 'shared/real.env'), 'KEY=old\n');
    symlinkSync('shared/real.env', join(root, '.env'));
    const journal = new Journal(root, '20261130-000000123-abcd');
    journal.write('.env', 'KEY=new\n');
    expect(lstatSync(join(root, '.env')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, 'shared/real.env'), 'utf8')).toBe('KEY=new\n');
    applyRollback(root, planRollback(root, '20261130-000000123-abcd')!);
    expect(lstatSync(join(root, '.env')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, 'shared/real.env'), 'utf8')).toBe('KEY=old\n');
  });

  it('refuses a link that leads out of the monorepo, naming both paths, and writes nothing', () => {
    const root = tempRoot();
    const outside = join(tempRoot(), 'secrets.env');
    writeFileSync(outside, 'KEY=old\n');
    symlinkSync(outside, join(root, '.env.docker'));
    const journal = new Journal(root, '20261130-000000123-abcd');
    expect(() => journal.write('.env.docker', 'KEY=new\n')).toThrow(OutsideMonorepoError);
    expect(() => journal.write('.env.docker', 'KEY=new\n')).toThrow(new RegExp(`\\.env\\.docker is a symlink to ${outside.replace(/[.]/g, '\\.')}`));
    expect(readFileSync(outside, 'utf8')).toBe('KEY=old\n');
    expect(lstatSync(join(root, '.env.docker')).isSymbolicLink()).toBe(true);
  });

  it('keeps journal originals 0600', () => {
    const root = tempRoot();
    writeFileSync(join(root, 'a.env'), 'SECRET=x\n', { mode: 0o644 });
    const journal = new Journal(root, '20261130-000000123-abcd');
    journal.write('a.env', 'SECRET=y\n');
    expect(statSync(join(journal.dir, 'original-0')).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'a.env')).mode & 0o777).toBe(0o644);
  });
});

describe('env file edits', () => {
  it('keeps CRLF line endings, in a changed line and in an appended one', () => {
    const crlf = 'A=1\r\nJWT_SECRET=old\r\n';
    expect(setEnvValue(crlf, 'JWT_SECRET', 'new')).toBe('A=1\r\nJWT_SECRET=new\r\n');
    expect(setEnvValue(crlf, 'B', 'x')).toBe('A=1\r\nJWT_SECRET=old\r\nB=x\r\n');
    expect(setEnvValue('A=1\r\nC=2', 'B', 'x')).toBe('A=1\r\nC=2\r\nB=x\r\n');
    expect(removeEnvKey(crlf, 'A')).toBe('JWT_SECRET=old\r\n');
  });

  const text = '# API\nexport VITE_API_URL="http://localhost:3000"\nOTHER=1 # keep\n';

  it('changes only the value, keeping export, quotes, comments and order', () => {
    expect(setEnvValue(text, 'VITE_API_URL', 'http://localhost:4000')).toBe('# API\nexport VITE_API_URL="http://localhost:4000"\nOTHER=1 # keep\n');
    expect(setEnvValue(text, 'OTHER', '2')).toBe('# API\nexport VITE_API_URL="http://localhost:3000"\nOTHER=2 # keep\n');
  });

  it('appends a missing key and removes one without touching the rest', () => {
    expect(setEnvValue('A=1', 'B', 'x y')).toBe('A=1\nB="x y"\n');
    expect(removeEnvKey(text, 'VITE_API_URL')).toBe('# API\nOTHER=1 # keep\n');
  });
});
