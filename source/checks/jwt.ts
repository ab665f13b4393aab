import type { Check } from '../core/check.js';
import { fingerprint } from '../util/secrets.js';
import { shown } from './support.js';
import { apiPortOwner, identifyBackend } from '../backends/active.js';
import { keptJwtSecret } from '../project/jwt-secret.js';

declare module '../core/check.js' {
  interface CheckDataMap {
    /** Each place's JWT_SECRET by fingerprint only; null where it is absent. */
    jwt: { places: { file: string; fingerprint: string | null }[] };
  }
}

/** Guide §6 "JWT token invalid": one JWT_SECRET everywhere, compared by fingerprint only. */
export const jwt: Check<'jwt'> = {
  id: 'jwt',
  async run(ctx) {
    const { project, t } = ctx;
    const places = [
      { file: project.backends.bun.env, required: true },
      { file: project.backends.elixir.env, required: true },
      { file: project.composeEnv, required: false },
    ].filter((place) => place.file.exists || place.required);
    const seen = places.map(({ file, required }) => {
      const value = file.values.JWT_SECRET;
      return { file: shown(ctx, file.path), required, fingerprint: value ? fingerprint(value) : null };
    });
    const data = { places: seen.map(({ file, fingerprint }) => ({ file, fingerprint })) };
    const list = seen.map((s) => `${s.file} ${s.fingerprint ?? t('jwt.absent')}`).join(', ');
    const missingRequired = seen.filter((s) => s.required && !s.fingerprint);
    const prints = new Set(seen.flatMap((s) => (s.fingerprint ? [s.fingerprint] : [])));
    if (prints.size > 1) {
      const running = (await identifyBackend(project, await apiPortOwner(ctx.apiUrl), ctx.apiUrl, ctx.timeoutMs))?.backend;
      const kept = keptJwtSecret(project, running)!;
      const why = t(`fix.jwtWhy.${kept.why}`, { backend: running ?? '', count: kept.shared, total: kept.places });
      return { status: 'fail', detail: t('jwt.differ', { list }), fix: t('jwt.differFix', { from: shown(ctx, kept.path), fingerprint: fingerprint(kept.secret), why }), data };
    }
    if (missingRequired.length > 0) {
      const files = missingRequired.map((s) => s.file).join(', ');
      return { status: 'fail', detail: t('jwt.missing', { files }), fix: t('jwt.missingFix', { files }), data };
    }
    const missingOptional = seen.filter((s) => !s.fingerprint);
    if (missingOptional.length > 0) {
      const files = missingOptional.map((s) => s.file).join(', ');
      return { status: 'warn', detail: t('jwt.missing', { files }), fix: t('jwt.missingFix', { files }), data };
    }
    return { status: 'ok', detail: t('jwt.same', { fingerprint: [...prints][0]!, count: seen.length }), data };
  },
};
