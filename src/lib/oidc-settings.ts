// Unified identity (OpenID Connect) settings, read once by readEnv (src/lib: env.ts may not reach into a feature).

export type OidcClaimNames = { name: string; email: string; department: string | null; role: string | null };

export type OidcSettings = {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  scopes: string;
  claims: OidcClaimNames;
  /** The one claim whose value is taken as a department code; null: departments never come from the provider. */
  trustedDepartmentClaim: string | null;
  /** Plain http is allowed only for a provider on this machine (a developer's or the tests'). */
  insecureLoopback: boolean;
};

type Source = Record<string, string | undefined>;
const keys = ['name', 'email', 'department', 'role'] as const;

/** `{"name":"nickname"}` or `name=nickname,email=mail`; unknown keys are refused. */
export function parseClaimMapping(text: string | undefined): Partial<Record<(typeof keys)[number], string>> {
  if (!text?.trim()) return {};
  let pairs: [string, unknown][];
  if (text.trim().startsWith('{')) {
    try {
      pairs = Object.entries(JSON.parse(text) as Record<string, unknown>);
    } catch {
      throw new Error('not valid JSON');
    }
  } else {
    pairs = text.split(/[,\s]+/).filter(Boolean).map((p) => {
      const at = p.indexOf('=');
      return at > 0 ? [p.slice(0, at), p.slice(at + 1)] : [p, ''];
    });
  }
  const out: Partial<Record<(typeof keys)[number], string>> = {};
  for (const [k, v] of pairs) {
    if (!(keys as readonly string[]).includes(k)) throw new Error(`unknown key "${k}" (use ${keys.join(', ')})`);
    if (typeof v !== 'string' || !/^[\w.:-]{1,100}$/.test(v)) throw new Error(`"${k}" must name a claim`);
    out[k as (typeof keys)[number]] = v;
  }
  return out;
}

const loopback = (u: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);

/** null when KAIFANG_OIDC_ISSUER is unset (the feature is off); one `  NAME: why` line per problem otherwise. */
export function parseOidcSettings(source: Source, passwordSignIn: 'all' | 'citizens'): { settings: OidcSettings | null; problems: string[] } {
  const problems: string[] = [];
  const issuerText = source.KAIFANG_OIDC_ISSUER?.trim();
  if (!issuerText) {
    if (passwordSignIn === 'citizens') problems.push('  KAIFANG_PASSWORD_SIGNIN: citizens needs KAIFANG_OIDC_ISSUER (civil servants would have no way to sign in) (got "citizens")');
    return { settings: null, problems };
  }
  let issuer: URL | null = null;
  try {
    issuer = new URL(issuerText);
    if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && loopback(issuer))) {
      problems.push(`  KAIFANG_OIDC_ISSUER: must be an https:// URL (http only on localhost) (got ${JSON.stringify(issuerText)})`);
    }
  } catch {
    problems.push(`  KAIFANG_OIDC_ISSUER: must be a URL (got ${JSON.stringify(issuerText)})`);
  }
  const clientId = source.KAIFANG_OIDC_CLIENT_ID?.trim() ?? '';
  const clientSecret = source.KAIFANG_OIDC_CLIENT_SECRET ?? '';
  if (!clientId) problems.push('  KAIFANG_OIDC_CLIENT_ID: required with KAIFANG_OIDC_ISSUER (got undefined)');
  if (clientSecret.length < 16) problems.push('  KAIFANG_OIDC_CLIENT_SECRET: required with KAIFANG_OIDC_ISSUER, at least 16 characters (got a shorter or no value)');
  const scopes = (source.KAIFANG_OIDC_SCOPES?.trim() || 'openid profile email').split(/\s+/);
  if (!scopes.includes('openid')) problems.push(`  KAIFANG_OIDC_SCOPES: must include openid (got ${JSON.stringify(source.KAIFANG_OIDC_SCOPES)})`);
  const trusted = source.KAIFANG_OIDC_TRUSTED_DEPARTMENT_CLAIM?.trim() || null;
  let mapping: ReturnType<typeof parseClaimMapping> = {};
  try {
    mapping = parseClaimMapping(source.KAIFANG_OIDC_CLAIMS);
  } catch (err) {
    problems.push(`  KAIFANG_OIDC_CLAIMS: ${(err as Error).message} (got ${JSON.stringify(source.KAIFANG_OIDC_CLAIMS)})`);
  }
  if (mapping.department && mapping.department !== trusted) {
    problems.push(`  KAIFANG_OIDC_CLAIMS: department=${mapping.department} is not KAIFANG_OIDC_TRUSTED_DEPARTMENT_CLAIM; departments come only from the trusted claim (got ${JSON.stringify(source.KAIFANG_OIDC_CLAIMS)})`);
  }
  if (problems.length || !issuer) return { settings: null, problems };
  return {
    settings: {
      issuer,
      clientId,
      clientSecret,
      scopes: scopes.join(' '),
      claims: { name: mapping.name ?? 'name', email: mapping.email ?? 'email', department: trusted, role: mapping.role ?? null },
      trustedDepartmentClaim: trusted,
      insecureLoopback: issuer.protocol === 'http:',
    },
    problems,
  };
}
