import { Box, measureElement, type DOMElement } from 'ink';
import { useLayoutEffect, useRef } from 'react';
import type { Translate } from '../../i18n/index.js';
import type { TroubleshootState } from '../../troubleshoot/controller.js';
import { moreLines, Viewport, type Scroll } from '../components/viewport.js';
import { tops } from '../layout.js';
import { needsAttention, PANELS, type PanelId } from './navigation.js';
import { Panel } from './panel.js';
import { CorsBody, DatabaseBody, JwtBody, PortsBody, WsBody } from './panels.js';

export interface PanelProps {
  t: Translate;
  state: TroubleshootState;
  root: string;
  now: number;
}

/** Every panel, the one the arrows are on kept in sight. */
export function PanelList({ selected, scroll, ...props }: PanelProps & { selected: number; scroll: Scroll }) {
  const refs = useRef<(DOMElement | null)[]>([]);
  const { dispatch } = scroll;
  // After each layout: where the selected panel stands, so the window moves to show it.
  useLayoutEffect(() => {
    const heights = refs.current.map((node) => (node ? measureElement(node).height : 0));
    dispatch({ type: 'reveal', top: tops(heights)[selected] ?? 0, height: heights[selected] ?? 0 });
  });
  return (
    <Viewport scroll={scroll} more={moreLines(props.t, false)}>
      {PANELS.map((id, i) => (
        <Box key={id} ref={(node) => void (refs.current[i] = node)} flexDirection="column">
          <PanelView {...props} id={id} selected={i === selected} full={false} />
        </Box>
      ))}
    </Viewport>
  );
}

/** One panel opened on its own: all of its lines, scrolled when they are more than fit. */
export function PanelDetail({ id, scroll, ...props }: PanelProps & { id: PanelId; scroll: Scroll }) {
  return (
    <Viewport scroll={scroll} more={moreLines(props.t, true)}>
      <PanelView {...props} id={id} selected full />
    </Viewport>
  );
}

function PanelView({ t, state, root, now, id, selected, full }: PanelProps & { id: PanelId; selected: boolean; full: boolean }) {
  const { watch } = state;
  const changedAt = watch[id].changedAt;
  const result = watch[id].result;
  const titleWidth = Math.max(...PANELS.map((panel) => t(`check.${panel}.title`).length));
  return (
    <Panel
      t={t}
      title={t(`check.${id}.title`)}
      titleWidth={titleWidth}
      status={result?.status}
      selected={selected}
      expanded={full || needsAttention(id, watch)}
      {...(result ? { summary: result.detail } : {})}
      {...(changedAt === undefined ? {} : { changedAgo: Math.max(0, Math.round((now - changedAt) / 1000)) })}
    >
      {id === 'port' && <PortsBody t={t} result={result} root={root} full={full} />}
      {id === 'db' && <DatabaseBody db={result} migrations={watch.migrations.result} />}
      {id === 'cors' && <CorsBody t={t} result={result} full={full} />}
      {id === 'ws' && <WsBody t={t} result={result} />}
      {id === 'jwt' && <JwtBody t={t} result={result} full={full} />}
    </Panel>
  );
}
