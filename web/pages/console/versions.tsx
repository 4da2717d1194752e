import type { FC } from 'hono/jsx';
import type { VersionRow } from '../../loaders/catalog.js';
import { href, messages, pick, type Lang } from '../../i18n.js';
import { formatDateTime, formatNumber } from '../../format.js';
import { consoleMessages } from './messages.js';
import { ConsoleShell, Flash, type ConsoleUser } from './shell.js';
import { DataTable, type Column } from '../../components/data-table.js';

export type VersionsData = {
  dataset: { id: string; title_zh: string; title_en: string; latest_version: number | null };
  versions: VersionRow[];
  /** Set after a redirect from a publish or a withdrawal. */
  published?: VersionRow;
  withdrawn?: number;
  /** A refused withdrawal: which version, why, and the reason as typed. */
  withdrawError?: { n: number; message: string; reason: string };
};

const WithdrawForm: FC<{ lang: Lang; datasetId: string; n: number; error?: VersionsData['withdrawError'] }> = ({ lang, datasetId, n, error }) => {
  const c = consoleMessages[lang];
  const id = `reason-${n}`;
  const mine = error?.n === n ? error : undefined;
  return (
    <form class="withdraw-form" method="post" action={href(lang, `/console/datasets/${datasetId}/versions/${n}/withdraw`)} aria-label={c.withdrawLabel(n)}>
      <label for={id}>{c.withdrawReason}</label>
      {mine ? <p class="field-error" id={`${id}-error`} role="alert">{mine.message}</p> : null}
      <textarea id={id} name="reason" rows={2} required maxlength={2000} aria-describedby={mine ? `${id}-hint ${id}-error` : `${id}-hint`} aria-invalid={mine ? 'true' : undefined}>{mine?.reason ?? ''}</textarea>
      <small class="hint" id={`${id}-hint`}>{c.withdrawReasonHint}</small>
      <button type="submit" class="button-danger">{c.withdrawLabel(n)}</button>
    </form>
  );
};

const isWithdrawn = (v: VersionRow) => v.status === 'withdrawn';

function versionColumns(lang: Lang, datasetId: string, error?: VersionsData['withdrawError']): Column<VersionRow>[] {
  const c = consoleMessages[lang];
  const m = messages[lang];
  return [
    { header: c.versionColumn, rowHeader: true, cell: (v) => <a href={href(lang, `/datasets/${datasetId}/versions/${v.n}`)}>{m.version(v.n)}</a> },
    { header: c.status, cell: (v) => (isWithdrawn(v) ? <span class="badge badge-withdrawn">{c.statusWithdrawn}</span> : <span class="badge badge-ontime">{c.statusPublished}</span>) },
    { header: c.publishedAt, cell: (v) => <time datetime={v.publishedAt}>{formatDateTime(v.publishedAt)}</time> },
    { header: c.rows, numeric: true, cell: (v) => formatNumber(v.rowCount, lang) },
    {
      header: c.changeNote,
      cell: (v) => (
        <>
          {v.changeNote}
          {isWithdrawn(v) && v.withdrawnReason ? <span class="console-sub">{m.withdrawnReason}{m.colon}{v.withdrawnReason}</span> : null}
        </>
      ),
    },
    { header: c.withdraw, cell: (v) => (isWithdrawn(v) ? null : <WithdrawForm lang={lang} datasetId={datasetId} n={v.n} error={error} />) },
  ];
}

/** Every version of a dataset with a withdraw form (reason required) per published one. */
export const ConsoleVersionsPage: FC<{ lang: Lang; url: string; user: ConsoleUser; data: VersionsData }> = ({ lang, url, user, data }) => {
  const c = consoleMessages[lang];
  const m = messages[lang];
  const { dataset, versions, published, withdrawn, withdrawError } = data;
  const title = c.versionsTitle(pick(lang, dataset.title_zh, dataset.title_en));
  const publicHref = href(lang, `/datasets/${dataset.id}`);
  return (
    <ConsoleShell lang={lang} url={url} title={title} user={user} crumbs={[{ label: title }]}>
      <div class="page-head">
        <h1>{title}</h1>
        <a class="button-primary" href={href(lang, `/console/datasets/${dataset.id}/publish`)}>{c.publish}</a>
      </div>
      <Flash text={published ? c.published(published.n, formatNumber(published.rowCount, lang)) : null}>
        <p>
          {published?.diff ? `${m.diff}${m.colon}${m.diffText(published.diff.added, published.diff.removed, published.diff.changed)} · ` : null}
          <a href={publicHref}>{c.viewPublic}</a>
        </p>
      </Flash>
      <Flash text={withdrawn ? c.withdrawn(withdrawn) : null} />
      <p><a href={publicHref}>{c.viewPublic}</a></p>
      {versions.length === 0 ? (
        <p class="empty">{c.noVersions}</p>
      ) : (
        <div class="table-scroll" role="region" aria-label={title} tabindex={0}>
          <DataTable
            class="console-versions"
            rows={versions}
            rowAttributes={(v) => ({ 'data-version': v.n, class: isWithdrawn(v) ? 'withdrawn' : undefined })}
            columns={versionColumns(lang, dataset.id, withdrawError)}
          />
        </div>
      )}
    </ConsoleShell>
  );
};
