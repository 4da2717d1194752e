import type { FC } from 'hono/jsx';
import { href, messages, type Lang } from '../../i18n.js';
import { Breadcrumbs, Layout, PageHead, type Viewer } from '../../components/layout.js';
import { appsMessages } from './messages.js';
import { AppError } from './parts.js';

/** What was typed, kept when the form comes back refused (files cannot be kept: the browser asks for them again). */
export type NewAppValues = { name_zh: string; name_en: string; kind: string; description_zh: string; url: string; contact: string; datasets: string };

export const blankNewApp = (datasets = ''): NewAppValues => ({ name_zh: '', name_en: '', kind: '', description_zh: '', url: '', contact: '', datasets });

export type NewAppData = { values: NewAppValues; error?: string; detail?: string };

/** `/apps/new`: a plain multipart form; the same service as POST /api/v1/apps checks it. */
export const NewAppPage: FC<{ lang: Lang; url: string; user?: Viewer; data: NewAppData }> = ({ lang, url, user, data }) => {
  const m = appsMessages[lang];
  const v = data.values;
  const invalid = data.error ? 'form-error' : undefined;
  return (
    <Layout meta={{ lang, url, user, title: m.newTitle, section: 'apps' }}>
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: messages[lang].navHome, to: href(lang, '/') }, { label: m.title, to: href(lang, '/apps') }, { label: m.newTitle }]} />
        <PageHead lang={lang} title={m.newTitle}>
          <p class="subtitle">{m.newIntro}</p>
        </PageHead>
        <AppError lang={lang} code={data.error} detail={data.detail} />
        <form method="post" action={href(lang, '/apps/new')} enctype="multipart/form-data" class="app-form" aria-describedby={invalid}>
          <label for="name_zh">{m.nameZh}</label>
          <input type="text" id="name_zh" name="name_zh" required maxlength={100} value={v.name_zh} />
          <label for="name_en">{m.nameEn}</label>
          <input type="text" id="name_en" name="name_en" maxlength={200} value={v.name_en} lang="en" />
          <label for="kind">{m.kind}</label>
          <select id="kind" name="kind" required>
            <option value="">—</option>
            {Object.entries(m.kinds).map(([k, label]) => <option value={k} selected={v.kind === k}>{label}</option>)}
          </select>
          <label for="description_zh">{m.descriptionLabel}</label>
          <textarea id="description_zh" name="description_zh" rows={5} required maxlength={5000}>{v.description_zh}</textarea>
          <label for="url">{m.urlLabel}</label>
          <input type="url" id="url" name="url" maxlength={500} value={v.url} />
          <label for="contact">{m.contactLabel}</label>
          <p class="app-hint" id="contact-hint">{m.contactHint}</p>
          <input type="text" id="contact" name="contact" required maxlength={200} value={v.contact} aria-describedby="contact-hint" />
          <label for="datasets">{m.datasetsLabel}</label>
          <p class="app-hint" id="datasets-hint">{m.datasetsHint} <a href={href(lang, '/datasets')}>{messages[lang].catalogTitle}</a></p>
          <textarea id="datasets" name="datasets" rows={3} required maxlength={4000} aria-describedby="datasets-hint">{v.datasets}</textarea>
          <label for="screenshots">{m.screenshotsLabel}</label>
          <p class="app-hint" id="screenshots-hint">{m.screenshotsHint}</p>
          <input type="file" id="screenshots" name="screenshots" accept="image/png,image/jpeg,image/webp" multiple aria-describedby="screenshots-hint" />
          <p class="app-form-actions"><button type="submit" class="button-secondary">{m.submit}</button></p>
        </form>
      </div>
    </Layout>
  );
};
