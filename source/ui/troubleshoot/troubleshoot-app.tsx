import { useInput, useStdout } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Translate } from '../../i18n/index.js';
import type { TroubleshootController } from '../../troubleshoot/controller.js';
import { TroubleshootView } from './troubleshoot-view.js';

/** The live troubleshoot screen: keys to fixes, y/n to confirm, `close` to leave. */
export function TroubleshootApp({ controller, t, root, closeKeys, exitHint, onClose, onInterrupt, columns }: {
  controller: TroubleshootController;
  t: Translate;
  root: string;
  closeKeys: string[];
  exitHint: string;
  onClose: () => void;
  onInterrupt: () => void;
  columns?: number;
}) {
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const { stdout } = useStdout();
  const [now, setNow] = useState(Date.now());
  // "changed N s ago" counts on between probes.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useInput((input, key) => {
    if (key.ctrl && input === 'c') return onInterrupt();
    if (state.pending) {
      if (input === 'y') void controller.confirm(true);
      else if (input === 'n' || key.escape) void controller.confirm(false);
      return;
    }
    if (closeKeys.includes(input) || (key.escape && closeKeys.includes('escape'))) return onClose();
    controller.request(input);
  });
  return <TroubleshootView t={t} state={state} root={root} columns={columns ?? stdout.columns ?? 80} now={Math.max(now, Date.now())} exitHint={exitHint} />;
}
