import type { FC } from 'hono/jsx';
import { href, type Lang } from '../../i18n.js';
import { Breadcrumbs, Layout, PageHead } from '../../components/layout.js';
import { DataTable, type Column } from '../../components/data-table.js';
import type { CartItem } from '../../../src/demand/index.js';
import type { FieldSpec } from '../../../src/lib/field-spec.js';
import { demandMessages } from './messages.js';
import { layoutUser, DemandNav, DemandStyles, ErrorNotice, departmentName, type Viewer } from './parts.js';

export type CartData = { viewer: Viewer; items: CartItem[]; agreement: string; error?: string; detail?: string };

const modes = ['file', 'api', 'recurring'] as const;

function itemColumns(lang: Lang): Column<CartItem>[] {
  const m = demandMessages[lang];
  const title = (item: CartItem) => (item.dataset ? (lang === 'en' ? item.dataset.title_en : item.dataset.title_zh) : `#${item.id}`);
  return [
    {
      header: m.dataset,
      rowHeader: true,
      cell: (item) => (
        <>
          {item.dataset ? <a href={href(lang, `/datasets/${item.dataset.id}`)}>{title(item)}</a> : title(item)}
          {item.dataset?.open_type === 'conditional' ? <> <span class="badge badge-conditional">{m.conditionalBadge}</span></> : null}
          {item.available ? null : <> <span class="badge badge-overdue">{m.unavailable}</span></>}
        </>
      ),
    },
    { header: m.provider, cell: (item) => departmentName(lang, item.provider_department) },
    { header: m.fields, cell: (item) => (item.fields ? item.fields.join(', ') : m.allFields) },
    { header: m.rowFilter, cell: (item) => (item.filter ? <code>{item.filter}</code> : m.noFilter) },
    { header: m.deliveryMode, cell: (item) => m.modes[item.delivery_mode] },
    {
      header: <span class="visually-hidden">{m.remove}</span>,
      cell: (item) => (
        <form method="post" action={href(lang, `/demand/cart/items/${item.id}/remove`)}>
          <button type="submit" class="button-secondary" aria-label={m.removeLabel(title(item))}>{m.remove}</button>
        </form>
      ),
    },
  ];
}

const Checkout: FC<{ lang: Lang; data: CartData }> = ({ lang, data }) => {
  const m = demandMessages[lang];
  const conditional = data.items.some((i) => i.dataset?.open_type === 'conditional');
  return (
    <section aria-labelledby="checkout">
      <h2 id="checkout">{m.checkout}</h2>
      <p>{m.checkoutIntro}</p>
      <form method="post" action={href(lang, '/demand/cart/checkout')} class="demand-form">
        <label for="purpose">{m.purpose}</label>
        <textarea id="purpose" name="purpose" rows={3} maxlength={2000} required />
        <label for="legal_basis">{m.legalBasis}</label>
        <textarea id="legal_basis" name="legal_basis" rows={2} maxlength={2000} />
        <label for="due_date">{m.dueDate}</label>
        <input type="date" id="due_date" name="due_date" />
        <p>
          <input type="checkbox" id="agree" name="agree" value="true" required={conditional} />
          {' '}<label for="agree" style="display:inline">{m.agree}</label>
        </p>
        <div class="agreement" lang="zh-CN">{data.agreement}</div>
        <p><button type="submit" class="button-secondary">{m.checkout}</button></p>
      </form>
    </section>
  );
};

/** The cart: what I am about to order, grouped into one order per provider at checkout. */
export const CartPage: FC<{ lang: Lang; url: string; data: CartData }> = ({ lang, url, data }) => {
  const m = demandMessages[lang];
  return (
    <Layout meta={{ lang, url, title: m.cartTitle, section: 'demand', user: layoutUser(data.viewer), json: '/api/v1/cart' }}>
      <DemandStyles />
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: m.boardTitle, to: href(lang, '/demand') }, { label: m.cartTitle }]} />
        <PageHead lang={lang} title={m.cartTitle} json="/api/v1/cart" />
        <DemandNav lang={lang} viewer={data.viewer} place="cart" />
        <ErrorNotice lang={lang} code={data.error} detail={data.detail} />
        {data.items.length ? (
          <div class="table-scroll" role="region" aria-label={m.cartTitle} tabindex={0}>
            <DataTable rows={data.items} rowAttributes={(item) => ({ 'data-item': item.id })} columns={itemColumns(lang)} />
          </div>
        ) : <p class="empty">{m.noItems}</p>}
        <p><a href={href(lang, '/datasets')} class="continue-browsing">{m.continueBrowsing}</a></p>
        <form method="get" action={href(lang, '/demand/cart/add')} class="demand-form">
          <label for="add-dataset">{m.datasetId}</label>
          <input type="text" id="add-dataset" name="dataset" required maxlength={200} />
          <p><button type="submit" class="button-secondary">{m.add}</button></p>
        </form>
        {data.items.length ? <Checkout lang={lang} data={data} /> : null}
      </div>
    </Layout>
  );
};

export type AddData = { viewer: Viewer; dataset: { id: string; title: string; openType: string; fields: FieldSpec[] }; error?: string; detail?: string };

/** Options for one dataset before it goes into the cart: fields, row filter, delivery mode. */
export const AddToCartPage: FC<{ lang: Lang; url: string; data: AddData }> = ({ lang, url, data }) => {
  const m = demandMessages[lang];
  const ds = data.dataset;
  return (
    <Layout meta={{ lang, url, title: `${m.addToCartTitle}: ${ds.title}`, section: 'demand', user: layoutUser(data.viewer) }}>
      <DemandStyles />
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: m.cartTitle, to: href(lang, '/demand/cart') }, { label: m.addToCartTitle }]} />
        <PageHead lang={lang} title={`${m.addToCartTitle}: ${ds.title}`} />
        <DemandNav lang={lang} viewer={data.viewer} place="cart" />
        <ErrorNotice lang={lang} code={data.error} detail={data.detail} />
        <form method="post" action={href(lang, '/demand/cart/items')} class="demand-form">
          <input type="hidden" name="dataset" value={ds.id} />
          <fieldset>
            <legend>{m.fields}</legend>
            <p class="muted">{m.fieldsHint}</p>
            {ds.fields.map((f) => (
              <span>
                <input type="checkbox" id={`field-${f.name}`} name="fields" value={f.name} />
                <label for={`field-${f.name}`}>{lang === 'en' ? f.label_en ?? f.name : f.label_zh} (<code>{f.name}</code>)</label>
              </span>
            ))}
          </fieldset>
          <label for="filter">{m.rowFilter}</label>
          <input type="text" id="filter" name="filter" maxlength={2000} aria-describedby="filter-hint" />
          <small id="filter-hint" class="muted">{m.filterHint}</small>
          <fieldset>
            <legend>{m.deliveryMode}</legend>
            {modes.map((mode) => (
              <span>
                <input type="radio" id={`mode-${mode}`} name="delivery_mode" value={mode} checked={mode === 'file'} />
                <label for={`mode-${mode}`}>{m.modes[mode]}</label>
              </span>
            ))}
          </fieldset>
          <p><button type="submit" class="button-secondary">{m.add}</button></p>
        </form>
      </div>
    </Layout>
  );
};
