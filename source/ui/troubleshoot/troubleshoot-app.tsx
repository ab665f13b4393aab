import { Static, Text, useInput, type Key } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Translate } from '../../i18n/index.js';
import type { TroubleshootController } from '../../troubleshoot/controller.js';
import { scrollActionFor, useScroll } from '../components/viewport.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { barKeys, troubleshootKeys } from '../keys.js';
import { DifferencesScreen } from '../screens/differences-screen.js';
import { HelpScreen } from '../screens/help-screen.js';
import { navigate, START, type NavigationEvent } from './navigation.js';
import { TroubleshootView } from './troubleshoot-view.js';

/**
 * The live troubleshoot screen: ↑/↓ or Tab between panels, Enter to open one, keys to fixes,
 * y/n to confirm, `?` for its keys, and the way out: `q` quits (`doctor --watch`), or `t`/Esc
 * goes back to the wizard. What does not fit scrolls (PgUp/PgDn; ↑/↓ in an opened panel and a
 * fix's diff).
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
  const size = useTerminalSize();
  const [now, setNow] = useState(Date.now());
  const [navigation, setNavigation] = useState(START);
  const [help, setHelp] = useState<'keys' | 'differences' | undefined>();
  const scrolls = { list: useScroll(), detail: useScroll(), preview: useScroll() };
  // "changed N s ago" counts on between probes.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const { dispatch: resetPreview } = scrolls.preview;
  useEffect(() => resetPreview({ type: 'reset' }), [state.pending, resetPreview]);

  const move = (event: NavigationEvent) => {
    setNavigation((before) => navigate(before, event));
    scrolls.detail.dispatch({ type: 'reset' });
  };
  useInput((input, key) => {
    if (key.ctrl && input === 'c') return onInterrupt();
    if (input === '?') return setHelp((shown) => (shown ? undefined : 'keys'));
    // Functional: the handler may still be the one from before `?` was painted.
    if (input === 'd') return setHelp((shown) => (shown === 'keys' ? 'differences' : shown === 'differences' ? 'keys' : undefined));
    if (state.pending) {
      const action = scrollActionFor(input, key, { arrows: true });
      if (action) return scrolls.preview.dispatch({ type: 'scroll', action });
      if (input === 'y') void controller.confirm(true);
      else if (input === 'n' || key.escape) void controller.confirm(false);
      return;
    }
    const event = navigationEvent(key, navigation.open);
    if (event) return move(event);
    const action = scrollActionFor(input, key, { arrows: navigation.open });
    if (action) return (navigation.open ? scrolls.detail : scrolls.list).dispatch({ type: 'scroll', action });
    if (closing === 'quit' ? input === 'q' : input === 't' || key.escape) return onClose();
    controller.request(input);
  });
  // One list for the key bar and the `?` overlay (ui/keys.ts).
  const keys = troubleshootKeys(t, state, closing);
  // The overlay takes the panels' place: they are taller than a small terminal.
  if (help === 'keys') return <HelpScreen t={t} keys={keys} />;
  if (help === 'differences') return <DifferencesScreen t={t} />;
  return (
    <>
      {/* What a fix did no longer changes: printed once, it stays in the scrollback after the screen is gone.
          Only where this screen is the whole app (doctor --watch): a <Static> unmounted inside a running Ink app
          (t and back in the wizard) was seen to make later frames grow without bound, until out of memory. */}
      {closing === 'quit' && <Static items={state.applied}>
        {(fix, i) => (
          <Text key={i} wrap="wrap">
            <Text color="cyan" bold>[{fix.key}]</Text> {fix.title}: <Text color="green">{fix.message}</Text>
          </Text>
        )}
      </Static>}
      <TroubleshootView t={t} state={state} root={root} columns={columns ?? size.columns} now={Math.max(now, Date.now())} exitHint={barKeys(keys).join(' · ')} navigation={navigation} scrolls={scrolls} />
    </>
  );
}

/** Tab moves between panels everywhere; ↑/↓ only in the list (in an opened panel they scroll it); Esc closes a panel before the screen. */
function navigationEvent(key: Key, open: boolean): NavigationEvent | undefined {
  if (key.tab) return key.shift ? 'previous' : 'next';
  if (key.return) return 'toggle';
  if (open && key.escape) return 'close';
  if (!open && key.downArrow) return 'next';
  if (!open && key.upArrow) return 'previous';
  return undefined;
}
