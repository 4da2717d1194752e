import type { FC, PropsWithChildren } from 'hono/jsx';
import type { CatalogRow } from '../../src/catalog/index.js';
import { href, messages, type Lang } from '../i18n.js';
import { formatDate, formatNumber } from '../format.js';

/** Department, records and last update of a dataset as a definition list; children add more facts. */
export const DatasetFacts: FC<PropsWithChildren<{ lang: Lang; row: CatalogRow; departmentName: string; class: string }>> = ({ lang, row, departmentName, children, ...props }) => {
  const m = messages[lang];
  return (
    <dl class={props.class}>
      <div>
        <dt>{m.department}</dt>
        <dd>
          <a href={href(lang, `/departments/${row.department_id}`)}>{departmentName}</a>
        </dd>
      </div>
      <div>
        <dt>{m.records}</dt>
        <dd>{formatNumber(row.records, lang)}</dd>
      </div>
      <div>
        <dt>{m.updated}</dt>
        <dd>
          <time datetime={row.updated_at}>{formatDate(row.updated_at)}</time>
        </dd>
      </div>
      {children}
    </dl>
  );
};
