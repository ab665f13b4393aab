
const SECRET_KEY = /SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|API_KEY/i;

export type Redactor = (text: string) => string;

/**
 * Replaces every secret the monorepo's env files hold (values of secret-looking keys, and
 * passwords inside URLs) with `***`, so command output can reach the screen, logs and reports.
 */
export function redactorFor(envs: readonly { values: Record<string, string> }[]): Redactor {
  const secrets = new Set<string>();
  for (const env of envs) {
    for (const [key, value] of Object.entries(env.values)) {
      if (SECRET_KEY.test(key) && value.length >= 4) secrets.add(value);
      const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@/]+)@/i.exec(value)?.[1];
      if (password && password.length >= 3) secrets.add(decodeURIComponent(password));
    }
  }
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text.replace(/(\/\/[^:/@\s]*):[^@/\s]+@/g, '$1:***@');
    for (const secret of ordered) out = out.split(secret).join('***');
    return out;
  };
}
