import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { ensureDir, stateDir } from './state.js';

export interface JournalEntry {
  /** Relative to the monorepo root. */
  path: string;
  existed: boolean;
  mode?: number;
  /** Name of the saved original inside the run's journal folder. */
  original?: string;
  before: string | null;
  /** sha256 of what this run wrote (null: it deleted the file); unset until the write is done. */
  after?: string | null;
}

export interface Manifest {
  runId: string;
  startedAt: string;
  entries: JournalEntry[];
}

/**
 * The run's journal: before a file is first changed, its original is saved and the
 * manifest records it; the manifest is rewritten atomically after each step of that, so
 * at any interruption it names every file this run may have touched. `rollback` reads it.
 */
export class Journal {
  readonly dir: string;
  private manifest: Manifest;

  constructor(
    readonly root: string,
    readonly runId: string,
  ) {
    this.dir = stateDir(root, 'journal', runId);
    const manifestPath = join(this.dir, 'manifest.json');
    this.manifest = existsSync(manifestPath)
      ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest)
      : { runId, startedAt: new Date().toISOString(), entries: [] };
  }

  get entries(): readonly JournalEntry[] {
    return this.manifest.entries;
  }

  /** Writes `content` to `path` (or deletes it when null), atomically and journaled. */
  write(path: string, content: string | null, options: { forceMode?: number } = {}): void {
    const absolute = resolve(this.root, path);
    const entry = this.remember(absolute);
    if (content === null) {
      if (existsSync(absolute)) unlinkSync(absolute);
    } else {
      writeFileAtomic(absolute, content, { ...options, ...(entry.mode !== undefined ? { mode: entry.mode } : {}) });
    }
    entry.after = content === null ? null : sha256(content);
    this.save();
  }

  private remember(absolute: string): JournalEntry {
    const path = relative(this.root, absolute);
    const known = this.manifest.entries.find((e) => e.path === path);
    if (known) return known;
    ensureDir(this.dir);
    const existed = existsSync(absolute);
    const entry: JournalEntry = { path, existed, before: null };
    if (existed) {
      const content = readFileSync(absolute);
      entry.before = sha256(content);
      entry.mode = statSync(absolute).mode & 0o777;
      entry.original = `original-${this.manifest.entries.length}`;
      writeFileAtomic(join(this.dir, entry.original), content.toString('utf8'), { forceMode: 0o600 });
    }
    this.manifest.entries.push(entry);
    this.save();
    return entry;
  }

  private save(): void {
    ensureDir(this.dir);
    writeFileAtomic(join(this.dir, 'manifest.json'), `${JSON.stringify(this.manifest, null, 2)}\n`, { forceMode: 0o600 });
  }
}

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

const RUN_ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

/** Run ids with a journal (not rolled back), newest first. */
export function journalRuns(root: string): string[] {
  const dir = stateDir(root, 'journal');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => RUN_ID.test(name) && existsSync(join(dir, name, 'manifest.json')))
    .sort()
    .reverse();
}
