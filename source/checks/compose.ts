import type { Check, CheckContext, Sometimes, Verdict } from '../core/check.js';
import { otherBackend, profileOf } from '../backends/index.js';
import type { BackendName } from '../project/config.js';
import { COMPOSE_FILES } from '../project/config.js';
import { referencedVariables, type ComposeService } from '../project/compose.js';
import { backendServices, runsByDefault } from '../project/project.js';
import { shown } from './support.js';

/** Guide §3 paso 1: the compose file runs exactly one backend, the target's, set up as the guide lists. */
/** Guide §7's variables, less FRONTEND_URL: guide §3's service leaves it to the backend's default. */
function requiredServiceEnv(backend: BackendName): string[] {
  return profileOf(backend).requiredEnv.filter((key) => key !== 'FRONTEND_URL');
}
const SECRET_KEYS = ['JWT_SECRET', 'SECRET_KEY_BASE'];

/** The compose file and the backend services it runs by default. */
interface ComposeServices {
  file: string;
  target: string[];
  other: string[];
}

/** What the target's one service lacks or holds literally. */
interface ServiceFindings {
  missingEnv: string[];
  missingDeps: string[];
  undefinedVars: string[];
  literalSecrets: string[];
}

declare module '../core/check.js' {
  interface CheckDataMap {
    /** None in development or without a compose file; the target's service judged when it is the one backend run. */
    compose: Sometimes<ComposeServices | (ComposeServices & ServiceFindings)>;
  }
}

export const compose: Check<'compose'> = {
  id: 'compose',
  async run(ctx) {
    const { t, project } = ctx;
    const file = project.compose;
    if (ctx.mode !== 'docker') {
      const running = file ? backendServices(project, ctx.backend).map((s) => s.name).join(', ') : '';
      return { status: 'skip', detail: t('compose.devMode', { services: running || '—' }) };
    }
    if (!file) {
      return { status: 'fail', detail: t('compose.noFile', { files: COMPOSE_FILES.join(', ') }), fix: t('compose.noFileFix') };
    }
    const where = shown(ctx, file.path);
    const target = backendServices(project, ctx.backend).filter(runsByDefault);
    const other = backendServices(project, otherBackend(ctx.backend)).filter(runsByDefault);
    const data = { file: where, target: target.map((s) => s.name), other: other.map((s) => s.name) };
    const switchCommand = `backend-switch switch --to ${ctx.backend} --mode docker`;
    if (other.length > 0) {
      const detail = target.length > 0 ? 'compose.bothRun' : 'compose.otherRuns';
      return {
        status: 'fail',
        detail: t(detail, { file: where, other: other.map((s) => s.name).join(', '), backend: otherBackend(ctx.backend) }),
        fix: t('compose.switchFix', { command: switchCommand }),
        data,
      };
    }
    if (target.length !== 1) {
      return {
        status: 'fail',
        detail: t(target.length === 0 ? 'compose.targetMissing' : 'compose.targetTwice', { file: where, backend: ctx.backend }),
        fix: t('compose.switchFix', { command: switchCommand }),
        data,
      };
    }
    return judgeService(ctx, target[0]!, where, data);
  },
};

function judgeService(ctx: CheckContext, service: ComposeService, where: string, data: ComposeServices): Verdict<'compose'> {
  const { t, project } = ctx;
  const envFile = project.config.compose.envFile;
  const missingEnv = requiredServiceEnv(ctx.backend).filter((key) => !(key in service.environment));
  const missingDeps = profileOf(ctx.backend).services.filter((dep) => !service.dependsOn.includes(dep));
  const defined = { ...process.env, ...project.composeEnv.values };
  const undefinedVars = Object.values(service.environment)
    .flatMap((value) => (value ? referencedVariables(value) : []))
    .filter((ref) => !ref.hasDefault && defined[ref.name] === undefined)
    .map((ref) => ref.name);
  const literalSecrets = SECRET_KEYS.filter((key) => {
    const value = service.environment[key];
    return typeof value === 'string' && value !== '' && referencedVariables(value).length === 0;
  });
  const problems: string[] = [];
  const fixes: string[] = [];
  if (missingEnv.length) {
    problems.push(t('compose.missingEnv', { service: service.name, keys: missingEnv.join(', ') }));
    fixes.push(t('compose.missingEnvFix', { service: service.name, lines: missingEnv.map((k) => `${k}: \${${k}}`).join(', ') }));
  }
  if (missingDeps.length) {
    problems.push(t('compose.missingDeps', { service: service.name, deps: missingDeps.join(', ') }));
    fixes.push(t('compose.missingDepsFix', { service: service.name, deps: profileOf(ctx.backend).services.join(', ') }));
  }
  if (undefinedVars.length) {
    problems.push(t('compose.undefinedVars', { vars: [...new Set(undefinedVars)].join(', '), envFile }));
    fixes.push(t('compose.undefinedVarsFix', { vars: [...new Set(undefinedVars)].join(', '), envFile }));
  }
  const fullData = { ...data, missingEnv, missingDeps, undefinedVars, literalSecrets };
  if (problems.length) return { status: 'fail', detail: `${where}: ${problems.join('; ')}`, fix: fixes.join(' '), data: fullData };
  if (literalSecrets.length) {
    return {
      status: 'warn',
      detail: t('compose.literalSecrets', { file: where, keys: literalSecrets.join(', ') }),
      fix: t('compose.literalSecretsFix', { keys: literalSecrets.join(', '), envFile, refs: literalSecrets.map((k) => `${k}: \${${k}}`).join(', ') }),
      data: fullData,
    };
  }
  return { status: 'ok', detail: t('compose.ok', { file: where, service: service.name, deps: service.dependsOn.join(', ') }), data: fullData };
}
