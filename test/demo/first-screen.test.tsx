/**
 * The demo's first screen as Ink draws it: the services still starting, each named with its
 * elapsed time; a switch chosen meanwhile said to wait; each scenario's problem, the panel
 * that shows it and the key that fixes it; in the report, a rollback that would outlive the
 * copy is not offered. The pty tests (test/cli/demo-cli.test.ts) run the same in the bin.
 */
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardState } from '../../source/demo/board.js';
import { SCENARIOS, scenarioNote, type Scenario } from '../../source/demo/scenarios.js';
import { translator, type Lang } from '../../source/i18n/index.js';
import type { RunReport } from '../../source/report/model.js';
import { DemoBanner } from '../../source/ui/demo-banner.js';
import { ReportScreen } from '../../source/ui/screens/report-screen.js';

afterEach(() => cleanup());

const NOW = 10_000;
const starting: BoardState = {
  services: { postgres: { state: 'starting', since: NOW - 2100 }, redis: { state: 'ready', detail: 'redis-server', since: NOW - 2100, ms: 150 }, backend: { state: 'starting', detail: 'bun', since: NOW - 800 } },
  settled: false,
  waiting: false,
};

/** The frame as one line: the border and the wrapping undone. */
function banner(props: Partial<Parameters<typeof DemoBanner>[0]> & { lang?: Lang } = {}): string {
  const lang = props.lang ?? 'en';
  const { lastFrame } = render(<DemoBanner t={translator(lang)} lang={lang} root="/tmp/backend-switch-demo-x" keep={false} board={starting} running={{ backend: 'bun', leftover: false }} now={() => NOW} {...props} />);
  return lastFrame()!.replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');
}

const note = (scenario: Scenario) => scenarioNote(scenario, { apiPort: 43210, frontendOrigin: 'http://localhost:5173' });

describe("the demo's first screen", () => {
  it('names each service still starting with its elapsed time, and says a direction can be chosen meanwhile', () => {
    const frame = banner();
    expect(frame).toContain('Starting: PostgreSQL (embedded) 2.1 s, Bun backend 0.8 s — choose a direction meanwhile.');
    expect(frame).toContain('✔ Redis (redis-server)');
    expect(frame).not.toContain('Services up');
  });

  it('says a switch chosen before the services are up waits for them', () => {
    expect(banner({ board: { ...starting, waiting: true } })).toContain('Bun backend 0.8 s — the switch you chose begins when they are up.');
  });

  it('once every service is up, says so with the time it took; one that failed is named', () => {
    const up: BoardState = { services: { postgres: { state: 'ready', since: 0, ms: 2300 }, redis: { state: 'ready', since: 0, ms: 100 }, backend: { state: 'ready', since: 0, ms: 3100 } }, settled: true, ms: 3400, waiting: false };
    expect(banner({ board: up })).toContain('✔ Services up in 3.4 s.');
    expect(banner({ board: { ...up, services: { ...up.services, backend: { state: 'failed', since: 0, ms: 3100 } } } })).toContain('not started: Bun backend');
  });

  it('speaks Spanish, decimal comma included', () => {
    expect(banner({ lang: 'es' })).toContain('Arrancando: PostgreSQL (embebido) 2,1 s, backend Bun 0,8 s');
  });

  const EXPECTED: Record<Scenario, { problem: string; practise: string }> = {
    cors: { problem: 'FRONTEND_URL in apps/backend/.env is http://localhost:4000, so the running Bun backend refuses the frontend at http://localhost:5173', practise: 'press t (troubleshoot); on ✖ CORS press f (sets FRONTEND_URL in apps/backend/.env)' },
    port: { problem: 'an Elixir backend left over from another checkout (.old-checkout/apps/backend-ex) holds the API port 43210', practise: 'press t (troubleshoot); on ✖ Ports press k (stops the leftover)' },
    jwt: { problem: 'JWT_SECRET differs between apps/backend/.env and apps/backend-ex/.env', practise: 'press t (troubleshoot); on ✖ JWT secret press j (copies one secret everywhere)' },
    'db-down': { problem: 'the embedded PostgreSQL is left stopped', practise: 'press t (troubleshoot); on ✖ PostgreSQL press s (starts PostgreSQL)' },
  };
  it.each(SCENARIOS)('--scenario %s: says what is broken, on which panel and with which key to practise', (scenario) => {
    const frame = banner({ scenario: note(scenario), ...(scenario === 'port' ? { running: { backend: 'elixir', leftover: true } } : {}) });
    expect(frame).toContain(`Scenario ${scenario}: ${EXPECTED[scenario].problem}`);
    expect(frame).toContain(`Practise: ${EXPECTED[scenario].practise}, then y.`);
  });

  it('--scenario port: the banner does not call the leftover the active backend', () => {
    const frame = banner({ scenario: note('port'), running: { backend: 'elixir', leftover: true } });
    expect(frame).toContain('a leftover elixir backend (stand-in) on the API port; bun is not running');
    expect(frame).not.toContain('active backend elixir');
  });
});

describe('the report in the demo', () => {
  const report = { result: 'switched', from: 'bun', to: 'elixir', steps: [], files: [{ path: 'docker-compose.yml', added: 3, removed: 2 }], backup: null, rollback: "backend-switch rollback --cwd '/tmp/backend-switch-demo-x'" } as unknown as RunReport;
  const screen = (throwAway: boolean) => render(<ReportScreen t={translator('en')} report={report} path=".backend-switch/reports/r.md" throwAway={throwAway} />).lastFrame()!.replace(/\s+/g, ' ');

  it('in a throw-away copy, says the copy (and so its rollback) goes on quit, and how to keep it, instead of a rollback into it', () => {
    const frame = screen(true);
    expect(frame).not.toContain('rollback --cwd');
    expect(frame).toContain('This copy, with its report and journal, is thrown away when you quit');
    expect(frame).toContain('press n to switch back instead');
    expect(frame).toContain('--keep');
  });

  it('with --keep (or outside the demo), the rollback command as always', () => {
    expect(screen(false)).toContain("To undo the file changes: backend-switch rollback --cwd '/tmp/backend-switch-demo-x'");
  });
});
