import { fileChange } from '../support.js';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { replaceBackendService } from '../../edits/compose.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { ensureDir, stateDir } from '../../io/state.js';
import { overrideFileOf, parseComposeText, readComposeFile, type ComposeFile } from '../../project/compose.js';
import { COMPOSE_FILES } from '../../project/config.js';
import { backendServices, composeFileFlag, runsByDefault } from '../../project/project.js';
import { publishedPorts } from './ports.js';
import { displayPath } from '../../util/paths.js';
import { confirm, outcome, preview, type FileChange, type Step, type StepContext } from '../types.js';
import { serviceTemplate } from './service-template.js';
import { movablePassword } from './secrets.js';
import { profileOf } from '../../backends/index.js';

/**
 * Guide §3 paso 1: the other backend's service out, the target's in. A removed service is
 * stashed in .backend-switch/compose/ (`<name>.yaml`, and `<name>.comment` for the comment
 * that described it), and switching back puts that very definition and comment back. A
 * service built anew gets its backend's own comment where the old one's stood.
 */
export const composeFile: Step = {
  id: 'compose',
  async preview(ctx) {
    const { t } = ctx;
    if (!ctx.project.compose) return preview({ state: 'blocked', blocked: { detail: t('compose.noFile', { files: COMPOSE_FILES.join(', ') }), fix: t('compose.noFileFix') } });
    const plan = planCompose(ctx);
    const shown = displayPath(ctx.project.root, ctx.project.compose.path);
    if (!plan) return preview({ state: 'up-to-date', lines: [t('composeStep.ok', { file: shown, service: serviceName(ctx) })] });
    const clash = portClash(ctx, plan.planned);
    if (clash) {
      const params = { port: clash.port, services: clash.services.join(', '), other: clash.others[0]!, from: ctx.from, file: shown };
      return preview({ state: 'blocked', changes: [plan.change], blocked: { detail: t('composeStep.portClash', params), fix: t('composeStep.portClashFix', params) } });
    }
    const overridden = overriddenServices(ctx, plan.removedNames);
    if (overridden) {
      const params = { override: overridden.file, services: overridden.services.join(', '), file: shown };
      return preview({ state: 'blocked', changes: [plan.change], blocked: { detail: t('composeStep.override', params), fix: t('composeStep.overrideFix', params) } });
    }
    return preview({
      state: 'todo',
      lines: [t('composeStep.replace', { file: shown, old: plan.removedNames.join(', ') || '—', service: serviceName(ctx), source: t(plan.fromStash ? 'composeStep.fromStash' : 'composeStep.fromGuide') })],
      changes: [plan.change],
      questions: [confirm(t, 'write', t('composeStep.confirm', { file: shown }))],
    });
  },
  async apply(ctx, answers) {
    const { t } = ctx;
    const plan = planCompose(ctx);
    if (!plan) return outcome({ status: 'unchanged', detail: t('composeStep.ok', { file: displayPath(ctx.project.root, ctx.project.compose!.path), service: serviceName(ctx) }) });
    if (answers.write === 'no') return outcome({ status: 'failed', detail: t('composeStep.declined'), fix: t('composeStep.declinedFix') });
    const stash = ensureDir(stateDir(ctx.project.root, 'compose'));
    for (const [name, text] of Object.entries(plan.removed)) {
      writeFileAtomic(join(stash, `${name}.yaml`), text, { forceMode: 0o600 });
      const comment = plan.removedComments[name];
      if (comment) writeFileAtomic(join(stash, `${name}.comment`), `${comment}\n`, { forceMode: 0o600 });
      else rmSync(join(stash, `${name}.comment`), { force: true });
    }
    ctx.journal.write(plan.change.path, plan.change.after);
    ctx.reload();
    const shown = displayPath(ctx.project.root, plan.change.path);
    return outcome({ status: 'done', detail: t('composeStep.done', { file: shown, service: serviceName(ctx) }), files: [shown] });
  },
};

function serviceName(ctx: StepContext): string {
  return ctx.project.config.backends[ctx.to].service;
}

interface ComposePlan {
  change: FileChange;
  removed: Record<string, string>;
  removedComments: Record<string, string>;
  removedNames: string[];
  fromStash: boolean;
  /** The compose model of the file as it would be written. */
  planned: ComposeFile;
}

function planCompose(ctx: StepContext): ComposePlan | undefined {
  const compose = ctx.project.compose!;
  const others = backendServices(ctx.project, ctx.from);
  const targets = backendServices(ctx.project, ctx.to);
  if (others.length === 0 && targets.length === 1) return undefined;
  const name = targets[0]?.name ?? serviceName(ctx);
  const stashPath = stateDir(ctx.project.root, 'compose', `${name}.yaml`);
  const fromStash = targets.length === 0 && existsSync(stashPath);
  let definition: string | Record<string, unknown>;
  // The comment that will describe the target's service: its own when it has one, else its profile's.
  let comment = profileOf(ctx.to).composeComment;
  if (targets[0]) {
    // Both run: keep the target's as it is, comment and all.
    const current = currentDefinition(compose.source, name);
    definition = current.text;
    comment = current.comment ?? comment;
  } else if (fromStash) {
    definition = readFileSync(stashPath, 'utf8');
    const stashedComment = stashPath.replace(/\.yaml$/, '.comment');
    if (existsSync(stashedComment)) comment = readFileSync(stashedComment, 'utf8');
  } else {
    const password = movablePassword(ctx);
    const variable = password && ctx.project.composeEnv.values[password.variable] === password.literal ? password.variable : undefined;
    definition = serviceTemplate(ctx.project, ctx.to, others[0], { ...(password ? { literal: password.literal } : {}), ...(variable ? { variable } : {}) });
  }
  const edit = replaceBackendService(compose.source, { remove: others.map((s) => s.name), name, definition, comment });
  const planned = parseComposeText(edit.text, compose.path, ctx.project.root); // never write a file compose cannot read
  return { change: fileChange(ctx, compose.path, compose.source, edit.text), removed: edit.removed, removedComments: edit.removedComments, removedNames: others.map((s) => s.name), fromStash, planned };
}

/**
 * A host port the target's service and another service of the planned file would both
 * publish: compose starts one and fails on the other, after the old stack went down. Seen
 * when the old backend's service is neither named as configured nor built from its folder
 * (an image from a registry under another name), so the swap did not take it out.
 */
function portClash(ctx: StepContext, planned: ComposeFile): { port: number; services: string[]; others: string[] } | undefined {
  const target = planned.services[serviceName(ctx)] ?? Object.values(planned.services).find((s) => s.buildContext === ctx.project.backends[ctx.to].dir);
  if (!target) return undefined;
  for (const port of publishedPorts(target)) {
    const others = Object.values(planned.services).filter((s) => s.name !== target.name && runsByDefault(s) && publishedPorts(s).includes(port)).map((s) => s.name);
    if (others.length) return { port, services: [target.name, ...others], others };
  }
  return undefined;
}

/**
 * The services the swap removes that compose's override file also defines: compose would
 * still create them from the override's part alone (no image, no build) once they are gone
 * from the compose file. The switch does not edit override files: it says so before any change.
 */
function overriddenServices(ctx: StepContext, removed: string[]): { file: string; services: string[] } | undefined {
  // Named with -f (composeCommand does when the config names a file compose would not pick): no override is merged.
  if (composeFileFlag(ctx.project)) return undefined;
  const override = overrideFileOf(ctx.project.compose!.path);
  if (!override || removed.length === 0) return undefined;
  const services = Object.keys(readComposeFile(override, ctx.project.root).services).filter((name) => removed.includes(name));
  return services.length ? { file: displayPath(ctx.project.root, override), services } : undefined;
}

function currentDefinition(source: string, name: string): { text: string; comment?: string } {
  const edit = replaceBackendService(source, { remove: [name], name, definition: {} });
  return { text: edit.removed[name]!, ...(edit.removedComments[name] ? { comment: edit.removedComments[name] } : {}) };
}
