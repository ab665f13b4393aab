import type { Translate } from '../i18n/index.js';

/** One line of a topic: whose it is (Bun, Elixir, both; none for a plain pointer) and what. */
export interface DifferenceLine {
  who?: string;
  text: string;
}

export interface DifferenceTopic {
  label: string;
  lines: DifferenceLine[];
}

export interface DifferenceSection {
  title: string;
  topics: DifferenceTopic[];
}

/**
 * What the guide says beyond the switch, as data for the `?` overlay's Differences page and
 * for `backend-switch help differences`: §4 (where each backend logs, its jobs and their
 * dashboard, its console, its performance) and §8 (where to ask). Commands, routes and paths
 * are the guide's own, as it writes them.
 */
export function differences(t: Translate): DifferenceSection[] {
  const each = (bun: string, elixir: string): DifferenceLine[] => [{ who: 'Bun', text: bun }, { who: 'Elixir', text: elixir }];
  return [
    {
      title: t('diff.monitoring'),
      topics: [
        { label: t('diff.logs'), lines: each('docker compose logs -f backend', 'docker compose logs -f backend-ex') },
        { label: t('diff.health'), lines: [{ who: t('diff.both'), text: 'GET /health' }] },
        { label: t('diff.jobs'), lines: each(t('diff.bun.jobs'), t('diff.elixir.jobs')) },
        { label: t('diff.console'), lines: each(t('diff.bun.console'), t('diff.elixir.console')) },
      ],
    },
    {
      title: t('diff.performance'),
      topics: [
        { label: t('diff.startup'), lines: each('~100ms', '~2-3s') },
        { label: t('diff.memory'), lines: each('~150MB', '~100-150MB') },
        { label: t('diff.cpu'), lines: each(t('diff.bun.cpu'), t('diff.elixir.cpu')) },
        { label: t('diff.scaling'), lines: each(t('diff.bun.scaling'), t('diff.elixir.scaling')) },
      ],
    },
    {
      title: t('diff.support'),
      topics: [
        { label: t('diff.bunDocs'), lines: [{ text: 'apps/backend/README.md' }] },
        { label: t('diff.elixirDocs'), lines: [{ text: 'apps/backend-ex/README.md' }] },
        { label: t('diff.guidelines'), lines: [{ text: 'apps/backend-ex/AGENTS.md' }] },
      ],
    },
  ];
}
