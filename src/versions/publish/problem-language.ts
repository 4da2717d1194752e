import { ApiError, type ProblemDetail } from '../../lib/errors.js';
import { problemText, refusalText, type ProblemLang } from './problem-messages.js';
import { maxReported } from './validate-rows.js';

/** Chinese when the client's first choice in Accept-Language is Chinese (zh, zh-CN, zh-Hans…), else English. */
export function problemLanguage(acceptLanguage: string | undefined): ProblemLang {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = Number(/^\s*q=([\d.]+)/.exec(rest.join(';'))?.[1] ?? 1);
      return { tag: tag.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.tag.startsWith('zh') ? 'zh' : 'en';
}

/**
 * A publish's refusal worded in `lang`: its summary and each file problem with a code (English is how they are
 * made). The codes, fields and parameters stay as they are, for clients that word problems themselves.
 */
export function refusalIn(lang: ProblemLang, err: ApiError): ApiError {
  const errors = err.extra.errors as ProblemDetail[] | undefined;
  const headers = { ...err.extra.headers, 'Content-Language': lang === 'zh' ? 'zh-CN' : 'en', Vary: 'Accept-Language' };
  if (lang === 'en' || !errors?.some((e) => e.code)) return new ApiError(err.status, err.code, err.message, { ...err.extra, headers });
  const worded = errors.map((e) => (e.code ? { ...e, message: problemText(lang, e) } : e));
  const detail = refusalText(lang, err.code, { ...err.extra, errors }, maxReported) ?? err.message;
  return new ApiError(err.status, err.code, detail, { ...err.extra, errors: worded, headers });
}
