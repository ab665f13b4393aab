import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { structuredPatch } from 'diff';
import type { CheckResult } from '../core/check.js';
import type { CommandRecord } from '../io/run-command.js';
import type { BackendName, Mode } from '../project/config.js';
import type { StepContext, StepRecord, StepStatus } from '../steps/types.js';

import type { ManualItem } from '../steps/verify.js';
import { checklist, PHASES, type ChecklistItem, type RunSoFar } from '../steps/checklist.js';
import { rollbackCommand } from '../steps/support.js';

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
  /**
   * switched: every step and every check of the checklist confirmed; partial: switched, but
   * `unconfirmed` names what nobody confirmed (or a person answered no); unchanged: already on it.
   */
  result: 'switched' | 'partial' | 'unchanged' | 'failed';
  /** Checklist items not confirmed: automatic checks that were skipped, questions unanswered or answered no. */
  unconfirmed: { item: string; reason: 'skipped' | 'unanswered' | 'answered-no' }[];
  steps: { id: string; title: string; status: StepStatus; detail: string; fix?: string; durationMs: number; commands: CommandRecord[]; files: string[] }[];
  checks: CheckResult[];
  files: { path: string; added: number; removed: number; created: boolean; deleted: boolean }[];
  backup: { path: string; bytes: number; via: string } | null;
  /** Whether the migrations were rehearsed on a scratch copy, how it went, or why not. */
  rehearsal: { ran: boolean; ok?: boolean; ms?: number; reason?: string; failing?: string | null; log?: string } | null;
  manual: { item: ManualItem; answer: 'confirmed' | 'declined' | 'skipped' | 'not-applicable' }[];
  /** Guide §5's three lists, each item's state at the end of the run. */
  checklist: ChecklistItem[];
  rollback: string | null;
}

export function buildReport(ctx: StepContext, records: StepRecord[], version: string): RunReport {
  const finished = new Date();
  const startedAt = ctx.startedAt;
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
  const verify = records.find((r) => r.id === 'verify')?.outcome.data;
  const testsSkipped = records.some((r) => r.id === 'tests' && r.outcome.status === 'skipped');
  const unconfirmed = failed ? [] : [...(testsSkipped ? [{ item: 'tests', reason: 'skipped' as const }] : []), ...unconfirmedItems(verify)];
  return {
    runId: ctx.runId,
    version,
    root: ctx.project.root,
    from: ctx.from,
    to: ctx.to,
    mode: ctx.mode,
    startedAt: startedAt.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - startedAt.getTime(),
    result: failed ? 'failed' : !changed ? 'unchanged' : unconfirmed.length > 0 ? 'partial' : 'switched',
    unconfirmed,
    steps,
    checks: (data('verify').checks as CheckResult[] | undefined) ?? [],
    files,
    backup: (data('preflight').backup as RunReport['backup'] | undefined) ?? null,
    rehearsal: (data('preflight').rehearsal as RunReport['rehearsal'] | undefined) ?? null,
    manual: (data('verify').manual as RunReport['manual'] | undefined) ?? [],
    checklist: PHASES.flatMap((phase) => checklist(phase, runSoFar(records), ctx.mode)),
    rollback: files.length ? rollbackCommand(ctx.project.root) : null,
  };
}

function runSoFar(records: StepRecord[]): RunSoFar {
  return Object.fromEntries(records.map((r) => [r.id, { preview: r.preview, answers: r.answers, outcome: r.outcome }]));
}

/** What the post-switch checklist could not confirm: a check it skipped, a question nobody answered or answered no. */
function unconfirmedItems(verify: Record<string, unknown> | undefined): RunReport['unconfirmed'] {
  if (!verify) return [];
  const checks = (verify.checks as { id: string; status: string }[] | undefined) ?? [];
  const smoke = (verify.smoke as { id: string; status: string }[] | undefined) ?? [];
  const manual = (verify.manual as { item: string; answer: string }[] | undefined) ?? [];
  const asked = new Set(manual.map((m) => m.item));
  return [
    ...[...checks, ...smoke].filter((c) => c.status === 'skip' && !asked.has(c.id)).map((c) => ({ item: c.id, reason: 'skipped' as const })),
    ...manual.filter((m) => m.answer !== 'confirmed' && m.answer !== 'not-applicable').map((m) => ({ item: m.item, reason: m.answer === 'declined' ? ('answered-no' as const) : ('unanswered' as const) })),
  ];
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
