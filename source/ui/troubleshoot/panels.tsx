import type { CheckResult } from '../../core/check.js';
import type { Translate } from '../../i18n/index.js';
import { Line } from './panel.js';
import { displayPath } from '../../util/paths.js';

/**
 * Each panel's lines: what was sent and received, not just the verdict. `full` (the panel
 * opened with Enter) adds what the list leaves out for room: every port, the second request.
 */
export function PortsBody({ t, result, root, full }: { t: Translate; result?: CheckResult; root: string; full: boolean }) {
  const ports = result?.id === 'port' ? result.data.ports : undefined;
  return (
    <>
      {full && ports && Object.entries(ports).map(([name, owner]) => (
        <Line key={name}>
          {name} {owner.port}: {owner.listening ? `pid ${owner.pid ?? '?'} · ${(owner.command ?? '?').split(' ')[0]} · ${owner.cwd ? displayPath(root, owner.cwd) : '?'}` : t('status.free')}
        </Line>
      ))}
      <Verdict result={result} />
    </>
  );
}

type Exchange = { url: string; sent: Record<string, string>; status: number; received: Record<string, string> };

export function CorsBody({ t, result, full }: { t: Translate; result?: CheckResult; full: boolean }) {
  const exchange = result?.id === 'cors' ? result.data : undefined;
  const sent = exchange?.preflight?.sent;
  const received = exchange?.actual?.received ?? exchange?.preflight?.received;
  const headers = (record: Record<string, string> | undefined) => Object.entries(record ?? {}).map(([k, v]) => `${k}: ${v}`).join(' · ') || t('cors.nothing');
  const shown = (stage: Exchange, method?: string) => (
    <>
      <Line dim>{t('ui.ts.sent')}: {method ? `${method} ` : ''}{stage.url} · {headers(stage.sent)}</Line>
      <Line dim>{t('ui.ts.received')}: {stage.status} {headers(stage.received)}</Line>
    </>
  );
  if (full && exchange?.preflight) {
    return (
      <>
        {shown(exchange.preflight, 'OPTIONS')}
        {exchange.actual && shown(exchange.actual)}
        <Verdict result={result} />
      </>
    );
  }
  return (
    <>
      {sent && <Line dim>{t('ui.ts.sent')}: OPTIONS · Origin {sent.Origin} · {sent['Access-Control-Request-Method']} · {sent['Access-Control-Request-Headers']}</Line>}
      {exchange?.preflight && <Line dim>{t('ui.ts.received')}: {exchange.preflight.status} {headers(received)}</Line>}
      <Verdict result={result} />
    </>
  );
}

export function WsBody({ t, result }: { t: Translate; result?: CheckResult }) {
  const data = result?.id === 'ws' ? result.data : undefined;
  const status = data?.protocol === 'phoenix' ? data.status : undefined;
  return (
    <>
      {data?.protocol && <Line dim>{data.protocol} · {data.url} · Origin {data.origin}{status ? ` · HTTP ${status}` : ''}</Line>}
      <Verdict result={result} />
      {!result && <Line dim>{t('ui.looking')}</Line>}
    </>
  );
}

export function DatabaseBody({ db, migrations }: { db?: CheckResult; migrations?: CheckResult }) {
  return (
    <>
      <Verdict result={db} />
      {migrations && <Line dim={migrations.status === 'ok' || migrations.status === 'skip'}>{migrations.title}: {migrations.detail}</Line>}
      {migrations?.fix && migrations.status !== 'ok' && <Line color="yellow">→ {migrations.fix}</Line>}
    </>
  );
}

export function JwtBody({ t, result, full }: { t: Translate; result?: CheckResult; full: boolean }) {
  const places = (result?.id === 'jwt' ? result.data.places : undefined) ?? [];
  return (
    <>
      {places.map((place) => (
        <Line key={place.file}>
          {place.file}: {place.fingerprint ?? t('jwt.absent')}
        </Line>
      ))}
      {full && result && <Line>{result.detail}</Line>}
      {result?.fix && result.status !== 'ok' && <Line color="yellow">→ {result.fix}</Line>}
    </>
  );
}

function Verdict({ result }: { result?: CheckResult }) {
  if (!result) return null;
  return (
    <>
      <Line>{result.detail}</Line>
      {result.fix && (result.status === 'fail' || result.status === 'warn') && <Line color="yellow">→ {result.fix}</Line>}
    </>
  );
}
