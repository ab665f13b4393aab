import type { Translate } from '../i18n/index.js';
import type { FixPlan } from '../troubleshoot/fixes.js';
import type { TroubleshootState } from '../troubleshoot/controller.js';
import type { StepView, WizardState } from './wizard-controller.js';

/**
 * The keys a screen answers to, in one list: the key bar shows the `inBar` ones, the `?`
 * overlay every one with what it does. Both read this list, so they cannot drift; a key
 * added to a screen's input handler belongs here too.
 */
export interface ScreenKey {
  /** As the key bar and the overlay label it: "enter: continue". */
  label: string;
  /** What it does, for the overlay. */
  does: string;
  inBar: boolean;
}

export type WizardScreenKind = 'direction' | 'loading' | 'question' | 'running' | 'finished' | 'failed' | 'report';

/** Which kind of screen the wizard shows: what decides the keys that work on it. */
export function wizardScreenKind(state: WizardState, view: StepView | undefined, hasQuestion: boolean): WizardScreenKind {
  if (state.report) return 'report';
  if (state.screen === 0) return state.ready ? 'direction' : 'loading';
  switch (view?.phase) {
    case 'asking':
      return hasQuestion ? 'question' : 'loading';
    case 'running':
      return 'running';
    case 'finished':
      return view.outcome?.status === 'failed' ? 'failed' : 'finished';
    default:
      return 'loading';
  }
}

/**
 * The wizard's keys on a screen of `kind`, as its input handler (ui/wizard.tsx) and its
 * choices (Choice: arrows, j/k, enter) take them.
 */
export function wizardKeys(t: Translate, kind: WizardScreenKind, options: { canGoBack: boolean; troubleshoot: boolean }): ScreenKey[] {
  const key = (label: Parameters<Translate>[0], does: Parameters<Translate>[0], inBar = true): ScreenKey => ({ label: t(label), does: t(does), inBar });
  const choosing = kind === 'direction' || kind === 'question' || kind === 'failed';
  const idle = kind !== 'running'; // while a command runs, only ? and Ctrl+C
  return [
    ...(choosing ? [key('ui.keys.choose', 'ui.help.choose', false), key('ui.keys.select', 'ui.help.select')] : []),
    ...(kind === 'finished' ? [key('ui.keys.enter', 'ui.help.enter')] : []),
    ...(kind === 'report' ? [key('ui.keys.again', 'ui.help.again')] : []),
    ...(options.canGoBack && kind !== 'report' && kind !== 'direction' && kind !== 'running' && kind !== 'loading' ? [key('ui.keys.back', 'ui.help.back')] : []),
    ...(options.troubleshoot && idle ? [key('ui.keys.troubleshoot', 'ui.help.troubleshoot')] : []),
    ...(idle ? [key('ui.keys.quit', 'ui.help.quit')] : []),
    key('ui.keys.help', 'ui.help.help'),
    key('ui.keys.interrupt', 'ui.help.interrupt', false),
  ];
}

/** The overlay's own key, listed in it: the Differences page. */
export function overlayKeys(t: Translate): ScreenKey[] {
  return [{ label: t('ui.keys.differences'), does: t('ui.help.differences'), inBar: false }];
}

/**
 * The troubleshoot screen's keys: each fix offered now, y/n while one waits for its answer,
 * the way out (`q` for `doctor --watch`, `t`/Esc back to the wizard), ? and Ctrl+C.
 */
export function troubleshootKeys(t: Translate, state: Pick<TroubleshootState, 'fixes' | 'pending'>, closing: 'quit' | 'wizard'): ScreenKey[] {
  const key = (label: string, does: string, inBar = true): ScreenKey => ({ label, does, inBar });
  // Each fix is listed on the screen as `[key] title`: in the overlay, not again in the bar.
  const fixes = state.fixes.map((fix: FixPlan) => key(t('ui.keys.seeFix', { key: fix.key }), fix.title, false));
  const way = state.pending
    ? [key(t('ui.keys.applyFix'), t('ui.help.applyFix')), key(t('ui.keys.keepFix'), t('ui.help.keepFix'))]
    : [...fixes, closing === 'quit' ? key(t('ui.keys.tsQuit'), t('ui.help.tsQuit')) : key(t('ui.keys.tsBack'), t('ui.help.tsBack'))];
  return [...way, key(t('ui.keys.help'), t('ui.help.help')), key(t('ui.keys.interrupt'), t('ui.help.interrupt'), false)];
}

/** The key bar: the labels of the keys shown at the foot of a screen. */
export function barKeys(keys: readonly ScreenKey[]): string[] {
  return keys.filter((k) => k.inBar).map((k) => k.label);
}
