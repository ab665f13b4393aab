// Types for find-bun-lib.js (plain ESM, so tests in TypeScript can import it under tsc --noEmit).
export declare const PROJECT_ROOT: string;

export interface FindBunOptions {
  env?: Record<string, string | undefined>;
  root?: string;
  platform?: string;
  arch?: string;
}

export interface BunCandidate {
  path: string;
  source: string;
}

export type FindBunResult =
  | { found: true; path: string; version: string; source: string }
  | { found: false; reason: string; tried: Array<BunCandidate & { error: string }> };

/** Runs `<path> --version`: the version, or why it is not a working Bun. */
export declare function probeBun(path: string): { version?: string; error?: string };
/** The places looked at, in order: BUN_BINARY, node_modules/@oven/bun-<os>-<arch>*, node_modules/bun/bin/bun.exe, PATH. */
export declare function bunCandidates(options?: FindBunOptions): BunCandidate[];
/** The first candidate whose `--version` works (an explicit BUN_BINARY that does not work is an error). */
export declare function findBun(options?: FindBunOptions): FindBunResult;
