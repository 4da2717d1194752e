import type { Context, Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppEnv } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { ApiError } from '../../src/lib/errors.js';
import { canAdmin } from '../../src/auth/index.js';
import { createDataset, updateDataset, departmentChoices, themeChoices } from '../../src/catalog/index.js';
import { auditFrom } from '../../src/audit/index.js';
import { href, pick, type Lang } from '../i18n.js';
import { render, requestedUrl } from '../render.js';
import {
  addedFieldRows, blankDatasetForm, clampRows, defaultFieldRows, errorsFromService, readDatasetForm, validateMetadataEdit, validateNewDataset, valuesOfDataset,
  type DatasetFormValues, type FormErrors,
} from '../pages/console/dataset-form.js';
import { DatasetFormPage } from '../pages/console/dataset-page.js';
import { consoleUser, ownDataset } from './console-access.js';

/** `/console/datasets/new` (metadata and field schema) and `/console/datasets/:id/edit` (metadata only). */
export function mountDatasetForms(app: Hono<AppEnv>, deps: AppDeps, lang: Lang) {
  const renderPage = (c: Context<AppEnv>, el: JSX.Element, status: 200 | 409 | 422) => render(c, lang, el, { status, personal: true });
  const isAdmin = (c: Context<AppEnv>) => canAdmin(consoleUser(c));
  // A publisher creates for its own department only; an admin picks one.
  const departmentsFor = async (c: Context<AppEnv>) => {
    const all = await departmentChoices(deps.db);
    return isAdmin(c) ? all : all.filter((d) => d.id === consoleUser(c).departmentId);
  };

  const newForm = async (c: Context<AppEnv>, values: DatasetFormValues, errors: FormErrors = {}, status: 200 | 409 | 422 = 200) => {
    const data = { mode: 'new' as const, values, errors, themes: await themeChoices(deps.db), departments: await departmentsFor(c) };
    return renderPage(c, <DatasetFormPage lang={lang} url={requestedUrl(c)} user={consoleUser(c)} data={data} />, status);
  };

  app.get('/console/datasets/new', async (c) => {
    const rows = clampRows(Number(c.req.query('rows') ?? defaultFieldRows));
    const department = isAdmin(c) ? (c.req.query('department') ?? '') : consoleUser(c).departmentId!;
    return await newForm(c, blankDatasetForm(rows, department));
  });

  app.post('/console/datasets/new', async (c) => {
    const body = await c.req.parseBody();
    const values = readDatasetForm(body);
    if (!isAdmin(c)) values.department = consoleUser(c).departmentId!;
    if (body.action === 'add_rows') {
      const more = blankDatasetForm(addedFieldRows, values.department).rows;
      return await newForm(c, { ...values, rows: [...values.rows, ...more].slice(0, clampRows(values.rows.length + addedFieldRows)) });
    }
    const parsed = validateNewDataset(lang, values);
    if (!parsed.ok) return await newForm(c, values, parsed.errors, 422);
    try {
      const id = await createDataset(deps, consoleUser(c), parsed.value, auditFrom(c));
      return c.redirect(`${href(lang, `/console/datasets/${id}/publish`)}?created=1`, 303);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 409 || err.status === 422)) return await newForm(c, values, errorsFromService(err), err.status);
      throw err;
    }
  });

  const editForm = async (c: Context<AppEnv>, values: DatasetFormValues, title: string, errors: FormErrors = {}, saved?: number) => {
    const data = { mode: 'edit' as const, values, errors, themes: await themeChoices(deps.db), departments: [], saved };
    return renderPage(c, <DatasetFormPage lang={lang} url={requestedUrl(c)} user={consoleUser(c)} data={data} datasetTitle={title} />, Object.keys(errors).length ? 422 : 200);
  };

  app.get('/console/datasets/:id/edit', async (c) => {
    const { row } = await ownDataset(deps, c);
    const saved = c.req.query('saved');
    return await editForm(c, valuesOfDataset(row), pick(lang, row.title_zh, row.title_en), {}, saved && /^\d+$/.test(saved) ? Number(saved) : undefined);
  });

  app.post('/console/datasets/:id/edit', async (c) => {
    const { row } = await ownDataset(deps, c);
    const values = { ...readDatasetForm(await c.req.parseBody()), id: row.id, code: row.code, department: row.department_id };
    const title = pick(lang, row.title_zh, row.title_en);
    const parsed = validateMetadataEdit(lang, values);
    if (!parsed.ok) return await editForm(c, values, title, parsed.errors);
    try {
      const { changed } = await updateDataset(deps, consoleUser(c), row.id, parsed.value, auditFrom(c));
      return c.redirect(`${href(lang, `/console/datasets/${row.id}/edit`)}?saved=${changed.length}`, 303);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) return await editForm(c, values, title, errorsFromService(err));
      throw err;
    }
  });
}
