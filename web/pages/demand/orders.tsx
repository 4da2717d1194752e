import type { FC } from 'hono/jsx';
import { href, type Lang } from '../../i18n.js';
import { formatDateTime } from '../../format.js';
import { Breadcrumbs, Layout, PageHead } from '../../components/layout.js';
import type { DemandSummary } from '../../../src/demand/index.js';
import { demandMessages } from './messages.js';
import { layoutUser, DemandNav, DemandStyles, departmentName, type Viewer } from './parts.js';
import { DemandCard } from './board.js';
import { TurnHeading } from './turn.js';

export type OrdersData = {
  viewer: Viewer;
  side: 'sent' | 'received';
  status?: string;
  rows: DemandSummary[];
  total: number;
  /** The steps the viewer may take on each listed order, by id (says whose turn it is). */
  allowed: Map<string, readonly string[]>;
  created?: number;
  nextUrl: string | null;
  json: string;
};

const Tabs: FC<{ lang: Lang; side: 'sent' | 'received'; canReceive: boolean }> = ({ lang, side, canReceive }) => {
  const m = demandMessages[lang];
  const tab = (s: 'sent' | 'received', label: string) => (
    <li><a href={href(lang, `/demand/orders?side=${s}`)} aria-current={side === s ? 'page' : undefined}>{label}</a></li>
  );
  return (
    <nav class="page-toc" aria-label={m.ordersTitle}>
      <ul>
        {tab('sent', m.sent)}
        {canReceive ? tab('received', m.received) : null}
      </ul>
    </nav>
  );
};

const OrderFacts: FC<{ lang: Lang; d: DemandSummary; side: 'sent' | 'received'; allowed: readonly string[] }> = ({ lang, d, side, allowed }) => {
  const m = demandMessages[lang];
  const other = side === 'sent' ? departmentName(lang, d.provider_department) : departmentName(lang, d.requester.department) || d.requester.name;
  return (
    <dl class="demand-meta">
      <div><dt>{m.orderNo}</dt><dd><code>{d.id}</code></dd></div>
      <div><dt>{side === 'sent' ? m.provider : m.requester}</dt><dd>{other}</dd></div>
      <div><dt>{m.datasets}</dt><dd>{d.item_count}</dd></div>
      {d.delivery_mode ? <div><dt>{m.deliveryMode}</dt><dd>{m.modes[d.delivery_mode]}</dd></div> : null}
      {d.due_at ? <div><dt>{m.dueAt}</dt><dd><time datetime={d.due_at}>{formatDateTime(d.due_at)}</time></dd></div> : null}
      {d.rating ? <div><dt>{m.rating}</dt><dd>{m.stars(d.rating)}</dd></div> : null}
      <div><dt>{m.waitingFor}</dt><dd><TurnHeading lang={lang} status={d.status} allowedActions={allowed} /></dd></div>
    </dl>
  );
};

/** "My department's orders": sent and received, newest first, each with its status, deadline and progress. */
export const OrdersPage: FC<{ lang: Lang; url: string; data: OrdersData }> = ({ lang, url, data }) => {
  const m = demandMessages[lang];
  const title = data.viewer.departmentId ? m.ordersTitle : m.myOrdersTitle;
  return (
    <Layout meta={{ lang, url, title, section: 'demand', user: layoutUser(data.viewer), json: data.json }}>
      <DemandStyles />
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: m.boardTitle, to: href(lang, '/demand') }, { label: title }]} />
        <PageHead lang={lang} title={title} json={data.json}>
          <p class="subtitle">{m.ordersIntro}</p>
        </PageHead>
        <DemandNav lang={lang} viewer={data.viewer} place="orders" />
        {data.created ? <p class="notice" role="status">{m.ordersCreated(data.created)}</p> : null}
        <Tabs lang={lang} side={data.side} canReceive={data.viewer.departmentId !== null} />
        <p class="results-count">{m.count(data.total)}</p>
        {data.rows.length ? (
          <ul class="demand-list">
            {data.rows.map((d) => (
              <DemandCard lang={lang} d={d}>
                <OrderFacts lang={lang} d={d} side={data.side} allowed={data.allowed.get(d.id) ?? []} />
              </DemandCard>
            ))}
          </ul>
        ) : <p class="empty">{m.noOrders}</p>}
        {data.nextUrl ? <nav class="pager" aria-label={m.next}><a href={data.nextUrl} rel="next">{m.next}</a></nav> : null}
      </div>
    </Layout>
  );
};
