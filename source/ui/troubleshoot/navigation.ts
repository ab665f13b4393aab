import type { CheckResult } from '../../core/check.js';
import type { WatchState } from '../../troubleshoot/watcher.js';

/** The panels top to bottom; the database panel shows the migrations check too. */
export const PANELS = ['port', 'db', 'cors', 'ws', 'jwt'] as const;
export type PanelId = (typeof PANELS)[number];

export interface Navigation {
  /** The panel the arrows are on. */
  selected: number;
  /** Shown on its own, all of it. */
  open: boolean;
}

export type NavigationEvent = 'next' | 'previous' | 'toggle' | 'close';

export const START: Navigation = { selected: 0, open: false };

/** Moving between panels wraps around, as Tab does in a form; Enter opens and closes. */
export function navigate(state: Navigation, event: NavigationEvent): Navigation {
  switch (event) {
    case 'next':
      return { ...state, selected: (state.selected + 1) % PANELS.length };
    case 'previous':
      return { ...state, selected: (state.selected + PANELS.length - 1) % PANELS.length };
    case 'toggle':
      return { ...state, open: !state.open };
    case 'close':
      return state.open ? { ...state, open: false } : state;
  }
}

const troubled = (result: CheckResult | undefined) => result !== undefined && (result.status === 'fail' || result.status === 'warn');

/** A panel that needs a look shows what was sent, what came back and the fix; the rest take one line. */
export function needsAttention(id: PanelId, watch: WatchState): boolean {
  return troubled(watch[id].result) || (id === 'db' && troubled(watch.migrations.result));
}
