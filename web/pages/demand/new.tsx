import type { FC } from 'hono/jsx';
import { href, type Lang } from '../../i18n.js';
import { Breadcrumbs, Layout, PageHead } from '../../components/layout.js';
import { demandMessages } from './messages.js';
import { layoutUser, DemandNav, DemandStyles, ErrorNotice, type Viewer } from './parts.js';
import type { Department } from './actions.js';

export type NewRequestData = {
  viewer: Viewer;
  kind: 'new_data' | 'correction';
  departments: Department[];
  /** Correction form: the dataset reported on, when known, with its field names. */
  dataset?: { id: string; title: string; fields: string[] };
  error?: string;
  detail?: string;
};

const NewDataFields: FC<{ lang: Lang; departments: Department[] }> = ({ lang, departments }) => {
  const m = demandMessages[lang];
  return (
    <>
      <input type="hidden" name="kind" value="new_data" />
      <label for="title">{m.titleLabel}</label>
      <input type="text" id="title" name="title" required maxlength={200} />
      <label for="description">{m.description}</label>
      <textarea id="description" name="description" rows={4} maxlength={5000} />
      <label for="wanted_fields">{m.wantedFields}</label>
      <textarea id="wanted_fields" name="wanted_fields" rows={2} maxlength={2000} />
      <label for="purpose">{m.purpose}</label>
      <textarea id="purpose" name="purpose" rows={2} maxlength={2000} />
      <label for="department">{m.departmentOptional}</label>
      <select id="department" name="department">
        <option value="">{m.notSure}</option>
        {departments.map((d) => <option value={d.id}>{d.name}</option>)}
      </select>
    </>
  );
};

const CorrectionFields: FC<{ lang: Lang; dataset?: NewRequestData['dataset'] }> = ({ lang, dataset }) => {
  const m = demandMessages[lang];
  return (
    <>
      <input type="hidden" name="kind" value="correction" />
      <label for="dataset">{m.datasetId}</label>
      <input type="text" id="dataset" name="dataset" required maxlength={200} value={dataset?.id ?? ''} />
      {dataset ? <p class="muted">{dataset.title}</p> : null}
      <label for="row">{m.row}</label>
      <input type="text" id="row" name="row" maxlength={200} />
      <label for="field">{m.field}</label>
      {dataset ? (
        <select id="field" name="field">
          <option value="">—</option>
          {dataset.fields.map((f) => <option value={f}>{f}</option>)}
        </select>
      ) : <input type="text" id="field" name="field" maxlength={100} />}
      <label for="description">{m.noteRequired}</label>
      <textarea id="description" name="description" rows={4} maxlength={5000} required />
    </>
  );
};

/** Ask for data that is not open yet, or report an error in a dataset. */
export const NewRequestPage: FC<{ lang: Lang; url: string; data: NewRequestData }> = ({ lang, url, data }) => {
  const m = demandMessages[lang];
  const title = data.kind === 'new_data' ? m.newDataTitle : m.correctionTitle;
  return (
    <Layout meta={{ lang, url, title, section: 'demand', user: layoutUser(data.viewer) }}>
      <DemandStyles />
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: m.boardTitle, to: href(lang, '/demand') }, { label: title }]} />
        <PageHead lang={lang} title={title} />
        <DemandNav lang={lang} viewer={data.viewer} place="board" />
        <ErrorNotice lang={lang} code={data.error} detail={data.detail} />
        <form method="post" action={href(lang, '/demand/new')} class="demand-form">
          {data.kind === 'new_data' ? <NewDataFields lang={lang} departments={data.departments} /> : <CorrectionFields lang={lang} dataset={data.dataset} />}
          <p><button type="submit" class="button-secondary">{m.submit}</button></p>
        </form>
      </div>
    </Layout>
  );
};
