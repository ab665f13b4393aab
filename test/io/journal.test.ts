import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../source/io/atomic-write.js';
import { Journal } from '../../source/io/journal.js';
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
    const plan = planRollback(root)!;
    expect(plan.editedSince).toEqual([]);
    applyRollback(root, plan);
    expect(readFileSync(join(root, 'a.env'), 'utf8')).toBe('KEY=old\n');
    expect(existsSync(join(root, 'created.env'))).toBe(false);
    expect(planRollback(root)).toBeUndefined();
  });

  it('names a file edited after the run, so rollback can refuse', () => {
    const root = tempRoot();
    writeFileSync(join(root, 'a.env'), 'KEY=old\n');
    new Journal(root, '20261130-000000-abcd').write('a.env', 'KEY=new\n');
    writeFileSync(join(root, 'a.env'), 'KEY=hand-edited\n');
    expect(planRollback(root)!.editedSince).toEqual(['a.env']);
  });
});

describe('env file edits', () => {
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
