import type { Check } from '../core/check.js';
import { classifyPgError } from '../probes/postgres.js';
import { otherBackend, profileOf } from '../backends/index.js';
import { unfinishedTotal, type QueueState } from '../backends/queues.js';
import { readQueues } from '../backends/read-queues.js';
import { BACKENDS, type BackendName } from '../project/config.js';
import { effectiveEnv, hostReachableUrl } from './support.js';

export type { QueueState };

declare module '../core/check.js' {
  interface CheckDataMap {
    /** Each backend's queue; none when the database cannot be read. */
    jobs: { queues?: Record<BackendName, QueueState> };
  }
}

/**
 * Guide §2: jobs the *other* backend's queue still holds would be stranded by the switch
 * (Oban does not run pg-boss jobs, nor the reverse); and two workers on one database clash.
 */
export const jobs: Check<'jobs'> = {
  id: 'jobs',
  async run(ctx, signal) {
    const { t, project } = ctx;
    const url = effectiveEnv(ctx).values.DATABASE_URL;
    if (!url) return { status: 'skip', detail: t('jobs.noDatabase', { reason: t('pgFailure.bad-url') }) };
    let queues: Record<BackendName, QueueState>;
    try {
      queues = await readQueues(hostReachableUrl(ctx, url, 5432), project, signal);
    } catch (error) {
      return { status: 'skip', detail: t('jobs.noDatabase', { reason: t(`pgFailure.${classifyPgError(error).failure}`) }) };
    }
    const data = { queues };
    if (BACKENDS.every((b) => queues[b].workerActive)) {
      return { status: 'fail', detail: t('jobs.bothWorkers', { queues: BACKENDS.map((b) => profileOf(b).jobs.name).join(', ') }), fix: t('jobs.bothWorkersFix'), data };
    }
    const other = profileOf(otherBackend(ctx.backend));
    const state = queues[other.name];
    const table = other.jobs.reader.table(project);
    const total = unfinishedTotal(state);
    if (total > 0) {
      const states = Object.entries(state.unfinished).map(([name, n]) => `${name}: ${n}`).join(', ');
      return {
        status: 'warn',
        detail: t('jobs.stranded', { count: total, queue: other.jobs.name, table, states, target: ctx.backend }),
        fix: t('jobs.strandedFix', { owner: other.label, table }),
        data,
      };
    }
    return { status: 'ok', detail: t('jobs.ok', { queue: other.jobs.name }), data };
  },
};
