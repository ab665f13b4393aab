import { useInput, useStdout } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Translate } from '../../i18n/index.js';
import type { TroubleshootController } from '../../troubleshoot/controller.js';
import { barKeys, troubleshootKeys } from '../keys.js';
import { DifferencesScreen } from '../screens/differences-screen.js';
import { HelpScreen } from '../screens/help-screen.js';
import { TroubleshootView } from './troubleshoot-view.js';

/**
 * The live troubleshoot screen: keys to fixes, y/n to confirm, `?` for its keys, and the way
 * out: `q` quits (`doctor --watch`), or `t`/Esc goes back to the wizard.
 */
export function TroubleshootApp({ controller, t, root, closing, onClose, onInterrupt, columns }: {
  controller: TroubleshootController;
  t: Translate;
  root: string;
  closing: 'quit' | 'wizard';
  onClose: () => void;
  onInterrupt: () => void;
  columns?: number;
}) {
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const { stdout } = useStdout();
  const [now, setNow] = useState(Date.now());
  const [help, setHelp] = useState<'keys' | 'differences' | undefined>();
  // "changed N s ago" counts on between probes.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useInput((input, key) => {
    if (key.ctrl && input === 'c') return onInterrupt();
    if (input === '?') return setHelp((shown) => (shown ? undefined : 'keys'));
    // Functional: the handler may still be the one from before `?` was painted.
    if (input === 'd') return setHelp((shown) => (shown === 'keys' ? 'differences' : shown === 'differences' ? 'keys' : undefined));
    if (state.pending) {
      if (input === 'y') void controller.confirm(true);
      else if (input === 'n' || key.escape) void controller.confirm(false);
      return;
    }
    if (closing === 'quit' ? input === 'q' : input === 't' || key.escape) return onClose();
    controller.request(input);
  });
  // One list for the key bar and the `?` overlay (ui/keys.ts).
  const keys = troubleshootKeys(t, state, closing);
  // The overlay takes the panels' place: they are taller than a small terminal.
  if (help === 'keys') return <HelpScreen t={t} keys={keys} />;
  if (help === 'differences') return <DifferencesScreen t={t} />;
  return <TroubleshootView t={t} state={state} root={root} columns={columns ?? stdout.columns ?? 80} now={Math.max(now, Date.now())} exitHint={barKeys(keys).join(' · ')} />;
}
