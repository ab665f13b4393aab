import { CHECK_IDS, type CheckContext, type CheckId } from '../core/check.js';
import { UsageError } from '../util/errors.js';
import { translator, type Lang, type Translate } from '../i18n/index.js';
import { BACKENDS, type BackendName, type Mode } from '../project/config.js';
import { envFiles, loadProject, type Project } from '../project/project.js';
import { redactorFor, type Redactor } from '../util/redact.js';
import { useRedactor } from '../util/output-guard.js';
import { parseTimeout, type Flags } from './options.js';

/** What every command that reads the monorepo starts from: flags validated, project loaded. */
export interface Session {
  project: Project;
  lang: Lang;
  t: Translate;
  timeoutMs: number;
  apiUrl: string;
  frontendOrigin: string;
  color: boolean;
  /** The monorepo's one redaction function (every output passes through it). */
  redact: Redactor;
}

export function openSession(flags: Flags, lang: Lang): Session {
  const timeoutMs = parseTimeout(flags.timeout);
  const project = loadProject(flags.cwd ?? process.cwd());
  const apiUrl = validUrl(flags['api-url'] ?? project.config.urls.api, '--api-url', project.config.urls.api);
  const frontendOrigin = new URL(validUrl(flags['frontend-url'] ?? project.config.urls.frontend, '--frontend-url', project.config.urls.frontend)).origin;
  const color = !flags['no-color'] && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && Boolean(process.stdout.isTTY);
  const redact = redactorFor(envFiles(project));
  useRedactor(redact);
  return { project, lang, t: translator(lang), timeoutMs, apiUrl, frontendOrigin, color, redact };
}

export function parseBackend(value: string | undefined, flag: string): BackendName | undefined {
  if (value === undefined) return undefined;
  if ((BACKENDS as readonly string[]).includes(value)) return value as BackendName;
  throw new UsageError({ key: 'err.backendFlag', params: { flag, value } }, { key: 'err.backendFlagFix', params: { flag } });
}

export function parseMode(value: string | undefined): Mode | undefined {
  if (value === undefined) return undefined;
  if (value === 'dev' || value === 'docker') return value;
  throw new UsageError({ key: 'err.modeFlag', params: { value } }, { key: 'err.modeFlagFix' });
}

export function parseOnly(value: string | undefined): CheckId[] | undefined {
  if (value === undefined) return undefined;
  const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !(CHECK_IDS as readonly string[]).includes(id));
  if (unknown.length > 0 || ids.length === 0) {
    throw new UsageError({ key: 'err.only', params: { ids: unknown.join(', ') || '—' } }, { key: 'err.onlyFix', params: { ids: CHECK_IDS.join(', ') } });
  }
  return ids as CheckId[];
}

/** The checks' context for `backend`; `project` when the monorepo was re-read since the session opened. */
export function checkContext(session: Session, backend: BackendName, mode: Mode, project: Project = session.project): CheckContext {
  return {
    project,
    backend,
    mode,
    apiUrl: session.apiUrl,
    frontendOrigin: session.frontendOrigin,
    timeoutMs: session.timeoutMs,
    t: session.t,
  };
}

/** `example`: the configured URL, so the fix shows the API's for --api-url and the frontend's origin for --frontend-url. */
function validUrl(value: string, flag: string, example: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  throw new UsageError({ key: 'err.url', params: { flag, value } }, { key: 'err.urlFix', params: { flag, example } });
}
