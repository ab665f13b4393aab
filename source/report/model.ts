import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { structuredPatch } from 'diff';
import type { CheckResult } from '../core/check.js';
import type { CommandRecord } from '../io/run-command.js';
import type { BackendName, Mode } from '../project/config.js';
import type { StepRecord } from '../steps/run-switch.js';
import type { StepContext, StepStatus } from '../steps/types.js';

export interface RunReport {
  runId: string;
  version: string;
  root: string;
  from: BackendName;
  to: BackendName;
  mode: Mode;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  result: 'switched' | 'unchanged' | 'failed';
  steps: { id: string; title: string; status: StepStatus; detail: string; fix?: string; durationMs: number; commands: CommandRecord[]; files: string[] }[];
  checks: CheckResult[];
  files: { path: string; added: number; removed: number; created: boolean; deleted: boolean }[];
  backup: { path: string; bytes: number; via: string } | null;
  manual: { item: string; answer: 'confirmed' | 'skipped' }[];
  rollback: string | null;
}

export function buildReport(ctx: StepContext, records: StepRecord[], meta: { version: string; startedAt: Date }): RunReport {
  const finished = new Date();
  const steps = records.map((r) => ({
    id: r.id,
    title: ctx.t(`step.${r.id}.title`),
    status: r.outcome!.status,
    detail: r.outcome!.detail,
    ...(r.outcome!.fix ? { fix: r.outcome!.fix } : {}),
    durationMs: r.durationMs,
    commands: r.outcome!.commands,
    files: r.outcome!.files,
  }));
  const data = (id: string) => records.find((r) => r.id === id)?.outcome?.data ?? {};
  const failed = steps.some((s) => s.status === 'failed');
  // The checklist runs every time; only the other steps change anything.
  const changed = steps.some((s) => s.status === 'done' && s.id !== 'verify');
  const files = fileStats(ctx);
  return {
    runId: ctx.runId,
    version: meta.version,
    root: ctx.project.root,
    from: ctx.from,
    to: ctx.to,
    mode: ctx.mode,
    startedAt: meta.startedAt.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - meta.startedAt.getTime(),
    result: failed ? 'failed' : changed ? 'switched' : 'unchanged',
    steps,
    checks: (data('verify').checks as CheckResult[] | undefined) ?? [],
    files,
    backup: (data('preflight').backup as RunReport['backup'] | undefined) ?? null,
    manual: (data('verify').manual as RunReport['manual'] | undefined) ?? [],
    rollback: files.length ? `backend-switch rollback --cwd ${ctx.project.root}` : null,
  };
}

/** What the run's journal says it changed, as diff stats against the saved originals. */
function fileStats(ctx: StepContext): RunReport['files'] {
  return ctx.journal.entries.map((entry) => {
    const original = entry.original ? readFileSync(join(ctx.journal.dir, entry.original), 'utf8') : '';
    const path = join(ctx.project.root, entry.path);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const patch = structuredPatch(entry.path, entry.path, original, current, '', '', { context: 0 });
    const lines = patch.hunks.flatMap((h) => h.lines);
    return {
      path: entry.path,
      added: lines.filter((l) => l.startsWith('+')).length,
      removed: lines.filter((l) => l.startsWith('-')).length,
      created: !entry.existed,
      deleted: entry.after === null,
    };
  });
}
