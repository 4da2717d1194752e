import type { FC } from 'hono/jsx';
import type { CatalogRow } from '../../src/catalog/index.js';
import { href, messages, pick, shortDepartment, type Lang } from '../i18n.js';
import { OpenTypeBadge } from './bits.js';
import { DatasetFacts } from './dataset-facts.js';

/** One search result: title, department, summary and the figures people compare. searchId: the logged search it came from (issue 17), so opening it marks that search. */
export const DatasetCard: FC<{ lang: Lang; row: CatalogRow; headingLevel?: 2 | 3; searchId?: string | null }> = ({ lang, row, headingLevel = 3, searchId }) => {
  const m = messages[lang];
  const title = <a href={href(lang, `/datasets/${row.id}${searchId ? `?from=search-${searchId}` : ''}`)}>{pick(lang, row.title_zh, row.title_en)}</a>;
  return (
    <li class="dataset-card">
      <div class="card-head">
        {headingLevel === 2 ? <h2 class="card-title">{title}</h2> : <h3 class="card-title">{title}</h3>}
        <OpenTypeBadge lang={lang} openType={row.open_type} />
      </div>
      <p class="card-summary">{pick(lang, row.summary_zh, row.summary_en)}</p>
      <DatasetFacts lang={lang} row={row} departmentName={shortDepartment(lang, row.department_zh, row.department_en)} class="card-facts">
        <div>
          <dt>{m.meta.frequency}</dt>
          <dd>{m.frequency[row.update_frequency] ?? row.update_frequency}</dd>
        </div>
      </DatasetFacts>
    </li>
  );
};

export const DatasetList: FC<{ lang: Lang; rows: CatalogRow[]; headingLevel?: 2 | 3; searchId?: string | null }> = ({ lang, rows, headingLevel, searchId }) => (
  <ol class="dataset-list">
    {rows.map((row) => (
      <DatasetCard lang={lang} row={row} headingLevel={headingLevel} searchId={searchId} />
    ))}
  </ol>
);
