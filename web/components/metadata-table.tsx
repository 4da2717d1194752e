import type { Child, FC } from 'hono/jsx';
import type { CatalogRow, DepartmentRow } from '../../src/catalog/index.js';
import { href, messages, pick, type Lang } from '../i18n.js';
import { formatDate, formatDateTime, formatNumber } from '../format.js';

const shareEn: Record<string, string> = { 无条件共享: 'Shared without conditions', 有条件共享: 'Shared on conditions', 不予共享: 'Not shared' };
const licenseUrls: Record<string, string> = { 'CC-BY-4.0': 'https://creativecommons.org/licenses/by/4.0/' };

type Props = { lang: Lang; row: CatalogRow; department: DepartmentRow | undefined; related: Map<string, string> };

/** The national metadata items (GB/T 21063) in their usual order, as a two-column table. */
export const MetadataTable: FC<Props> = ({ lang, row, department, related }) => {
  const m = messages[lang];
  const items: [string, Child][] = [
    [m.meta.title, <>{row.title_zh}{row.title_en ? <span class="alt-lang" lang="en"> · {row.title_en}</span> : null}</>],
    [m.meta.code, <code>{row.code}</code>],
    [
      m.meta.provider,
      <>
        <a href={href(lang, `/departments/${row.department_id}`)}>{pick(lang, row.department_zh, row.department_en)}</a>
        {department ? <span class="muted"> ({m.meta.providerCode}: <code>{department.code}</code>)</span> : null}
      </>,
    ],
    [m.meta.summary, pick(lang, row.summary_zh, row.summary_en)],
    [m.meta.theme, <a href={`${href(lang, '/datasets')}?theme=${encodeURIComponent(row.theme_id)}`}>{pick(lang, row.theme_zh, row.theme_en)}</a>],
    [m.meta.format, m.formatValue],
    [m.meta.share, lang === 'en' ? (shareEn[row.share_type] ?? row.share_type) : row.share_type],
    [m.meta.open, row.open_type === 'open' ? m.open : m.conditional],
    [m.meta.frequency, m.frequency[row.update_frequency] ?? row.update_frequency],
    [m.meta.published, <time datetime={row.created_at}>{formatDate(row.created_at)}</time>],
    [m.meta.updated, <time datetime={row.updated_at}>{formatDateTime(row.updated_at)}</time>],
    [m.meta.volume, `${formatNumber(row.records, lang)} ${m.recordsUnit}`],
    [m.meta.keywords, (lang === 'en' && row.keywords_en.length ? row.keywords_en : row.keywords).join(lang === 'en' ? ', ' : '、')],
    [m.meta.industry, row.industry ?? m.none],
    [m.meta.spatial, row.spatial],
    [m.meta.license, licenseUrls[row.license] ? <a href={licenseUrls[row.license]}>{row.license}</a> : row.license],
    [
      m.meta.related,
      row.related_codes.length ? (
        <ul class="inline-list">
          {row.related_codes.map((code) => {
            const id = related.get(code);
            return <li>{id ? <a href={href(lang, `/datasets/${id}`)}><code>{code}</code></a> : <code>{code}</code>}</li>;
          })}
        </ul>
      ) : (
        m.none
      ),
    ],
  ];
  if (department?.contact_phone || department?.contact_email) {
    items.push([m.meta.contact, [department.contact_phone, department.contact_email].filter(Boolean).join(' / ')]);
  }
  return (
    <table class="meta-table">
      <caption class="visually-hidden">{m.metadata}</caption>
      <tbody>
        {items.map(([label, value]) => (
          <tr>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};
