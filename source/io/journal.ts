import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { ensureDir, stateDir } from './state.js';

export interface JournalEntry {
  /** Relative to the monorepo root: the path the tool was asked to change. */
  path: string;
  /** When `path` is a symlink: the file it points at (relative to the root), which is the one written. */
  target?: string;
  existed: boolean;
  mode?: number;
  /** Name of the saved original inside the run's journal folder. */
  original?: string;
  before: string | null;
  /** sha256 of what this run wrote (null: it deleted the file); unset until the write is done. */
  after?: string | null;
}

/** What a run is, as `rollback --list` names it. */
export interface RunMeta {
  /** `switch` or `fix`. */
  kind: string;
  /** `bun → elixir (dev)`, `FRONTEND_URL in apps/backend/.env`. */
  title: string;
}

export interface Manifest extends Partial<RunMeta> {
  runId: string;
  startedAt: string;
  entries: JournalEntry[];
}

/** A file the tool will not write: a symlink that leads out of the monorepo. */
export class OutsideMonorepoError extends Error {
  constructor(
    readonly path: string,
    readonly target: string,
  ) {
    super(`${path} is a symlink to ${target}, outside the monorepo: backend-switch does not write there. Edit ${target} yourself, or replace the link with a file.`);
    this.name = 'OutsideMonorepoError';
  }
}

/**
 * The run's journal: before a file is first changed, its original is saved (0600) and the
 * manifest records it; the manifest is rewritten atomically after each step of that, so at
 * any interruption it names every file this run may have touched. A run that changes no
 * file still leaves its manifest (`begin`), so `rollback` knows it was the newest.
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

  get meta(): Manifest {
    return this.manifest;
  }

  /** Records the run before it changes anything. */
  begin(meta: RunMeta): void {
    Object.assign(this.manifest, meta);
    this.save();
  }

  /**
   * Writes `content` to `path` (or deletes it when null), atomically and journaled. A
   * symlink stays a symlink: the file it points at is written, when that file is inside the
   * monorepo; else nothing is written and OutsideMonorepoError says why.
   */
  write(path: string, content: string | null, options: { forceMode?: number } = {}): void {
    const absolute = resolve(this.root, path);
    const written = writableTarget(this.root, absolute);
    const entry = this.remember(absolute, written);
    if (content === null) {
      if (existsSync(written)) unlinkSync(written);
    } else {
      writeFileAtomic(written, content, { ...options, ...(entry.mode !== undefined ? { mode: entry.mode } : {}) });
    }
    entry.after = content === null ? null : sha256(content);
    this.save();
  }

  private remember(absolute: string, written: string): JournalEntry {
    const path = relative(this.root, absolute);
    const known = this.manifest.entries.find((e) => e.path === path);
    if (known) return known;
    ensureDir(this.dir);
    const existed = existsSync(written);
    const entry: JournalEntry = { path, ...(written !== absolute ? { target: relative(this.root, written) } : {}), existed, before: null };
    if (existed) {
      const content = readFileSync(written);
      entry.before = sha256(content);
      entry.mode = statSync(written).mode & 0o777;
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

/**
 * The file a write of `absolute` lands in: itself, or the file its symlink chain ends at when
 * that is inside `root` (a dangling link inside the monorepo is created at its target).
 */
export function writableTarget(root: string, absolute: string): string {
  let link: ReturnType<typeof lstatSync> | undefined;
  try {
    link = lstatSync(absolute);
  } catch {
    return absolute;
  }
  if (!link.isSymbolicLink()) return absolute;
  let target: string;
  try {
    target = realpathSync(absolute);
  } catch {
    target = resolve(absolute, '..', readlinkSync(absolute)); // dangling: its text still says where it points
  }
  const realRoot = realpathSync(root);
  const rel = relative(realRoot, target);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new OutsideMonorepoError(relative(root, absolute), target);
  return join(root, rel);
}

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** `20261130-052400123-ab12` (milliseconds, so runs of one second sort by time); older ids lack them. */
const RUN_ID = /^\d{8}-\d{6}(\d{3})?-[0-9a-f]{4}$/;

/** Run ids with a journal (not rolled back), newest first. */
export function journalRuns(root: string): string[] {
  const dir = stateDir(root, 'journal');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => RUN_ID.test(name) && existsSync(join(dir, name, 'manifest.json')))
    .sort()
    .reverse();
}
