import type { DemoService, ServiceState } from './services.js';

export interface ServiceStatus {
  state: ServiceState;
  detail?: string;
  /** When it began starting (ms since the epoch). */
  since: number;
  /** How long it took to become ready or to fail. */
  ms?: number;
}

export interface BoardState {
  services: Record<DemoService, ServiceStatus>;
  /** Every service is ready, failed or skipped. */
  settled: boolean;
  /** From the first service starting to the last settling. */
  ms?: number;
  /** A switch was chosen before the services settled, and waits for them. */
  waiting: boolean;
}

/**
 * The demo's services as they come up, with no Ink in it: the banner renders `state`, the
 * wizard's runs wait on untilSettled(), so a direction chosen early never meets a
 * half-started PostgreSQL or backend.
 */
export class ServiceBoard {
  state: BoardState;
  private readonly listeners = new Set<() => void>();
  private readonly settledPromise: Promise<void>;
  private resolveSettled!: () => void;
  private readonly startedAt: number;
  private closed = false;

  constructor(skipped: DemoService[] = [], private readonly now: () => number = Date.now) {
    this.startedAt = now();
    const status = (service: DemoService): ServiceStatus => ({ state: skipped.includes(service) ? 'skipped' : 'starting', since: this.startedAt });
    this.state = { services: { postgres: status('postgres'), redis: status('redis'), backend: status('backend') }, settled: false, waiting: false };
    this.settledPromise = new Promise((resolve) => (this.resolveSettled = resolve));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): BoardState => this.state;

  /** A service's progress, as startServices reports it. */
  progress = (service: DemoService, state: ServiceState, detail?: string): void => {
    const previous = this.state.services[service];
    const since = state === 'starting' && previous.state !== 'starting' ? this.now() : previous.since;
    const ms = state === 'ready' || state === 'failed' ? this.now() - since : undefined;
    const next: ServiceStatus = { state, since, ...(detail ? { detail } : {}), ...(ms !== undefined ? { ms } : {}) };
    const services = { ...this.state.services, [service]: next };
    const allDone = Object.values(services).every((s) => s.state !== 'starting');
    this.set({ services, ...(allDone ? { ms: this.now() - this.startedAt } : {}) });
  };

  /** Every service has settled (start() resolved or threw): waiting runs go on. */
  settle(): void {
    if (this.state.settled) return;
    const services = Object.fromEntries(
      Object.entries(this.state.services).map(([name, s]) => [name, s.state === 'starting' ? { ...s, state: 'failed' as const, ms: this.now() - s.since } : s]),
    ) as Record<DemoService, ServiceStatus>;
    this.set({ services, settled: true, ms: this.state.ms ?? this.now() - this.startedAt, waiting: false });
    this.resolveSettled();
  }

  /** Resolves once every service has settled; meanwhile the banner says a switch waits for them. Rejects once the demo has ended. */
  async untilSettled(): Promise<void> {
    if (!this.state.settled && !this.closed) {
      this.set({ waiting: true });
      await this.settledPromise;
    }
    if (this.closed) throw new Error('the demo has ended');
  }

  /** The demo ends (its services stop, its copy goes): a run still waiting never starts. */
  close(): void {
    this.closed = true;
    this.resolveSettled();
  }

  private set(patch: Partial<BoardState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
