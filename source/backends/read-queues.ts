import { BACKENDS, type BackendName } from '../project/config.js';
import type { Project } from '../project/project.js';
import { withPostgres } from '../probes/postgres.js';
import { profileOf } from './index.js';
import type { QueueState } from './queues.js';

/** Both backends' queues on the database at `url` (as reachable from this machine). */
export async function readQueues(url: string, project: Project, signal: AbortSignal): Promise<Record<BackendName, QueueState>> {
  return withPostgres(url, signal, async (client) => {
    const states = {} as Record<BackendName, QueueState>;
    for (const backend of BACKENDS) {
      const { reader, unfinished } = profileOf(backend).jobs;
      states[backend] = await reader.read(client, project, unfinished);
    }
    return states;
  });
}

