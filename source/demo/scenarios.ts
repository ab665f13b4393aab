import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { UsageError } from '../util/errors.js';
import { DEFAULT_CONFIG } from '../project/config.js';
import type { CheckId } from '../core/check.js';
import { editEnv } from './env.js';

export const SCENARIOS = ['cors', 'port', 'jwt', 'db-down'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/**
 * How each scenario is practised: the troubleshoot panel that fails (a check id) and the key
 * of its one-key fix there (source/troubleshoot/fixes.ts). The demo's first screen says both.
 */
export const PRACTICE: Record<Scenario, { check: CheckId; key: string }> = {
  cors: { check: 'cors', key: 'f' },
  port: { check: 'port', key: 'k' },
  jwt: { check: 'jwt', key: 'j' },
  'db-down': { check: 'db', key: 's' },
};

/** What the first screen says about a scenario: what is broken, the panel that shows it, the key that fixes it. */
export interface ScenarioNote {
  scenario: Scenario;
  check: CheckId;
  key: string;
  /** The message's parameters: the origin refused, the leftover's folder and port. */
  params: Record<string, string | number>;
}

export function scenarioNote(scenario: Scenario, world: { apiPort: number; frontendOrigin: string }): ScenarioNote {
  const params = { origin: world.frontendOrigin, port: world.apiPort, dir: join(OLD_CHECKOUT, DEFAULT_CONFIG.backends.elixir.dir) };
  return { scenario, ...PRACTICE[scenario], params };
}

/** Where the leftover backend of the port scenario runs from: inside the copy, outside its backends' folders. */
export const OLD_CHECKOUT = '.old-checkout';

export function parseScenario(value: string | undefined): Scenario | undefined {
  if (value === undefined) return undefined;
  if ((SCENARIOS as readonly string[]).includes(value)) return value as Scenario;
  throw new UsageError({ key: 'err.scenario', params: { scenarios: SCENARIOS.join(', '), value } }, { key: 'err.scenarioFix' });
}

/** The files a scenario breaks in the copy (the port and db-down scenarios break processes instead: see services.ts). */
export function breakFiles(root: string, scenario: Scenario | undefined): void {
  if (scenario === 'cors') editEnv(join(root, 'apps/backend/.env'), { FRONTEND_URL: 'http://localhost:4000' });
  if (scenario === 'jwt') editEnv(join(root, 'apps/backend/.env'), { JWT_SECRET: randomBytes(24).toString('base64url') });
}
