import type { FC } from 'hono/jsx';
import type { FieldQuality, QualityFinding, QualityProfile } from '../../src/versions/index.js';
import type { Lang } from '../i18n.js';
import { formatDateTime, formatNumber } from '../format.js';
import { DataTable } from './data-table.js';

const text = {
  zh: {
    title: '数据质量', field: '字段', empty: '空值率', distinct: '不同值数', min: '最小值', max: '最大值',
    outsideEnum: '枚举外取值', outsideRange: '超出范围', futureDates: '未来日期', none: '无', na: '不适用',
    warning: '警告', rows: (n: string) => `${n} 行`, examples: '例', atLeast: '至少 ',
    caption: (n: number) => `第 ${n} 版各字段的数据质量`,
    lead: (n: number, rows: string, at: string) => `第 ${n} 版（最新版），共 ${rows} 行；发布时计算于 ${at}（北京时间）。`,
    notYet: '最新版的数据质量尚在后台计算，请稍后再看。',
    findings: (k: number) => (k ? `发现 ${k} 项问题，见表中“警告”。` : '未发现枚举外取值、超出范围的数值或未来日期。'),
    hidden: '有条件开放数据：示例值仅对获准使用者显示。',
  },
  en: {
    title: 'Data quality', field: 'Field', empty: 'Empty', distinct: 'Distinct values', min: 'Minimum', max: 'Maximum',
    outsideEnum: 'Outside the enum', outsideRange: 'Out of range', futureDates: 'Future dates', none: 'none', na: 'not applicable',
    warning: 'Warning', rows: (n: string) => `${n} rows`, examples: 'e.g.', atLeast: 'at least ',
    caption: (n: number) => `Data quality of version ${n}, per field`,
    lead: (n: number, rows: string, at: string) => `Version ${n} (latest), ${rows} rows; computed when published, ${at} (Beijing time).`,
    notYet: 'The data quality of the latest version is still being computed; look again shortly.',
    findings: (k: number) => (k ? `${k} finding(s): see "Warning" in the table.` : 'No values outside an enum or range, and no dates in the future.'),
    hidden: 'Conditional data: example values are shown only to those granted access.',
  },
};

const NotApplicable: FC<{ t: (typeof text)['zh'] }> = ({ t }) => (
  <>
    <span aria-hidden="true">—</span>
    <span class="visually-hidden">{t.na}</span>
  </>
);

/** A finding in words: "none", or "Warning: 3 rows (e.g. a, b)"; the word carries the warning, not the colour. */
const Finding: FC<{ lang: Lang; finding: QualityFinding | undefined; showExamples: boolean }> = ({ lang, finding, showExamples }) => {
  const t = text[lang];
  if (!finding) return <NotApplicable t={t} />;
  if (finding.count === 0) return <>{t.none}</>;
  const sep = lang === 'en' ? ', ' : '、';
  return (
    <span class="quality-warning">
      <strong>{t.warning}</strong>
      {lang === 'en' ? ': ' : '：'}
      {t.rows(formatNumber(finding.count, lang))}
      {showExamples && finding.examples.length ? ` (${t.examples} ${finding.examples.join(sep)})` : ''}
    </span>
  );
};

const share = (f: FieldQuality, lang: Lang) =>
  `${(f.emptyShare * 100).toFixed(f.emptyShare > 0 && f.emptyShare < 0.001 ? 2 : 1)}% (${formatNumber(f.empty, lang)})`;
const extreme = (v: string | number | null | undefined, lang: Lang) => (typeof v === 'number' ? formatNumber(v, lang) : v ?? '');

/**
 * "数据质量 / Data quality" on a dataset page: the latest version's profile as computed when it was published (the
 * same as GET /api/v1/datasets/{id}/versions/{n}/quality). Examples are values of the data: shown to whoever may read it.
 */
export const QualitySection: FC<{ lang: Lang; n: number | null; profile: QualityProfile | null; showExamples: boolean }> = ({ lang, n, profile, showExamples }) => {
  const t = text[lang];
  if (n === null) return null;
  const warnings = profile ? profile.fields.reduce((k, f) => k + [f.outsideEnum, f.outsideRange, f.futureDates].filter((x) => x && x.count > 0).length, 0) : 0;
  return (
    <section id="quality" aria-labelledby="quality-title" class="quality-section">
      <h2 id="quality-title">{t.title}</h2>
      {profile ? (
        <>
          <p>{t.lead(n, formatNumber(profile.rowCount, lang), formatDateTime(profile.computedAt))} {t.findings(warnings)}</p>
          {showExamples ? null : <p class="quality-note">{t.hidden}</p>}
          <div class="table-scroll" role="region" aria-labelledby="quality-caption" tabindex={0}>
            <DataTable
              class="quality-table"
              caption={t.caption(n)}
              captionId="quality-caption"
              rows={profile.fields}
              rowAttributes={(f) => ({ 'data-field': f.name })}
              columns={[
                { header: t.field, rowHeader: true, cell: (f) => <code>{f.name}</code> },
                { header: t.empty, numeric: true, cell: (f) => share(f, lang) },
                { header: t.distinct, numeric: true, cell: (f) => `${f.distinctCapped ? t.atLeast : ''}${formatNumber(f.distinct, lang)}` },
                { header: t.min, cell: (f) => ('min' in f ? extreme(f.min, lang) : <NotApplicable t={t} />) },
                { header: t.max, cell: (f) => ('max' in f ? extreme(f.max, lang) : <NotApplicable t={t} />) },
                { header: t.outsideEnum, cell: (f) => <Finding lang={lang} finding={f.outsideEnum} showExamples={showExamples} /> },
                { header: t.outsideRange, cell: (f) => <Finding lang={lang} finding={f.outsideRange} showExamples={showExamples} /> },
                { header: t.futureDates, cell: (f) => <Finding lang={lang} finding={f.futureDates} showExamples={showExamples} /> },
              ]}
            />
          </div>
        </>
      ) : (
        <p class="notice">{t.notYet}</p>
      )}
    </section>
  );
};
