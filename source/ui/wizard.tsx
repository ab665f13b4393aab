import { Box, Text, useInput } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Translate } from '../i18n/index.js';
import type { Step } from '../steps/types.js';
import { Frame } from './components/frame.js';
import { DirectionScreen } from './screens/direction-screen.js';
import { HelpScreen } from './screens/help-screen.js';
import { DifferencesScreen } from './screens/differences-screen.js';
import { barKeys, wizardKeys, wizardScreenKind } from './keys.js';
import { ReportScreen } from './screens/report-screen.js';
import { StepFooter, StepScreen, type FailureOption } from './screens/step-screen.js';
import { scrollActionFor, useScroll } from './components/viewport.js';
import type { WizardController } from './wizard-controller.js';
import { TroubleshootApp } from './troubleshoot/troubleshoot-app.js';
import type { TroubleshootController } from '../troubleshoot/controller.js';
import type { BackendName } from '../project/config.js';

/** A troubleshoot screen opened from the wizard: its controller, and how to stop its probes. */
export interface TroubleshootSession {
  controller: TroubleshootController;
  stop(): void;
}

export type WizardExit = 'done' | 'failed' | 'quit' | 'interrupted';

const EXTEND_MS = 60_000;

/**
 * The wizard: the controller's state as screens, keys as controller calls. `throwAway`: the
 * monorepo is the demo's copy, removed on quit (the report says so beside its rollback).
 */
export function Wizard({ controller, t, root, onExit, troubleshoot, throwAway }: { controller: WizardController; t: Translate; root: string; onExit: (exit: WizardExit) => void; troubleshoot?: (to: BackendName | undefined) => TroubleshootSession; throwAway?: boolean }) {
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const [help, setHelp] = useState<'keys' | 'differences' | undefined>();
  const [panels, setPanels] = useState<TroubleshootSession | undefined>();
  const view = controller.currentView;
  const step: Step | undefined = controller.currentStep;
  const onReport = Boolean(state.report);
  const scroll = useScroll();
  // A question (the direction, a step's, after a failure) takes ↑/↓; then only PgUp/PgDn scroll.
  const choosing = state.screen === 0 || (!onReport && (view?.phase === 'asking' || view?.outcome?.status === 'failed'));
  const { dispatch } = scroll;
  // Each screen opens at its top; while a step runs and once it has ended, its newest lines are in sight.
  const follow = !onReport && (view?.phase === 'running' || view?.phase === 'finished');
  useEffect(() => dispatch({ type: 'reset' }), [state.screen, view?.phase, dispatch]);
  useEffect(() => {
    if (follow) dispatch({ type: 'scroll', action: 'end' });
  }, [follow, view?.output.length, view?.phase, scroll.box.content, dispatch]);

  useInput((input, key) => {
    if (panels) return; // the troubleshoot screen has the keyboard
    if (key.ctrl && input === 'c') return onExit('interrupted');
    // Before a switch starts, the backend that runs (not the one highlighted); from then on, the switch's target.
    if (input === 't' && troubleshoot && view?.phase !== 'running') return setPanels(troubleshoot(state.screen === 0 ? state.active : (state.to ?? state.active)));
    const action = scrollActionFor(input, key, { arrows: !choosing });
    if (action) return dispatch({ type: 'scroll', action });
    if (input === '?') return setHelp((shown) => (shown ? undefined : 'keys'));
    // Functional: the handler may still be the one from before `?` was painted.
    if (input === 'd') return setHelp((shown) => (shown === 'keys' ? 'differences' : shown === 'differences' ? 'keys' : undefined));
    if (input === 'q' && view?.phase !== 'running') {
      if (onReport) return onExit(state.report!.report.result === 'failed' ? 'failed' : 'done');
      return onExit('quit');
    }
    if ((input === 'b' || key.leftArrow) && !onReport) return controller.back();
    if (input === 'n' && onReport) return void controller.restart();
    if (key.return && view?.phase === 'finished' && view.outcome?.status !== 'failed') void controller.next();
  });

  const failureOptions: FailureOption[] = [
    { value: 'retry', label: t('ui.failed.retry') },
    ...(step?.id === 'start' ? [{ value: 'wait', label: t('ui.failed.wait', { seconds: EXTEND_MS / 1000 }) }] : []),
    ...(step?.id === 'tests' ? [{ value: 'skipTests', label: t('ui.failed.skipTests') }] : []),
    { value: 'stop', label: t('ui.failed.stop') },
  ];
  const onFailureChoice = (value: string) => {
    if (value === 'retry') void controller.retry();
    else if (value === 'wait') void controller.retry({ start: 'manual' }, EXTEND_MS);
    else if (value === 'skipTests') void controller.retry({ runTests: 'no' });
    else controller.stop();
  };

  if (panels) {
    const close = () => {
      panels.stop();
      setPanels(undefined);
    };
    return <TroubleshootApp controller={panels.controller} t={t} root={root} closing="wizard" onClose={close} onInterrupt={() => onExit('interrupted')} />;
  }
  // One list for the key bar and the `?` overlay (ui/keys.ts).
  const keys = wizardKeys(t, wizardScreenKind(state, view, Boolean(controller.pendingQuestion)), { canGoBack: state.screen > 1, troubleshoot: Boolean(troubleshoot) });
  const title = state.screen === 0 ? t('ui.direction.title') : onReport ? t('ui.report.title') : t(`step.${step!.id}.title`);
  const stepShown = state.screen > 0 && !onReport && view;
  const footer = stepShown ? (
    <>
      <StepFooter t={t} view={view} {...(controller.pendingQuestion ? { question: controller.pendingQuestion } : {})} failureOptions={failureOptions} onAnswer={(value) => void controller.answer(value)} onFailureChoice={onFailureChoice} />
      {view.phase === 'finished' && view.outcome?.status !== 'failed' && <HintNext t={t} />}
    </>
  ) : undefined;
  return (
    <Frame t={t} index={state.screen} total={controller.totalScreens} title={title} keys={barKeys(keys)} scroll={scroll} arrows={!choosing} footer={footer}>
      {help === 'keys' && <HelpScreen t={t} keys={keys} note={t('ui.help.body')} />}
      {help === 'differences' && <DifferencesScreen t={t} />}
      {state.screen === 0 && state.error && <Text color="red">✖ {state.error}</Text>}
      {state.screen === 0 && !state.ready && <Text color="cyan">… {t('ui.looking')}</Text>}
      {state.screen === 0 && state.ready && <DirectionScreen t={t} {...(state.active ? { active: state.active } : {})} {...(state.to ? { suggested: state.to } : {})} onChoose={(to, mode) => void controller.chooseDirection(to, mode)} />}
      {stepShown && <StepScreen t={t} view={view} checklist={controller.checklistHere} />}
      {onReport && <ReportScreen t={t} report={state.report!.report} path={state.report!.path} throwAway={throwAway} />}
    </Frame>
  );
}

function HintNext({ t }: { t: Translate }) {
  return (
    <Box marginTop={1}>
      <Text color="cyan">{t('ui.next')}</Text>
    </Box>
  );
}

