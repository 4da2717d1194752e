import type { Child, FC } from 'hono/jsx';
import type { Lang } from '../../i18n.js';
import { formatNumber } from '../../format.js';
import { statsMessages } from './messages.js';
import { DataTable } from '../../components/data-table.js';

/** What the browser script turns into an ECharts option (see web/stats-assets.ts). */
export type ChartSpec = { kind: 'bar' | 'line' | 'hbar'; categories: string[]; series: { name: string; data: number[] }[]; max?: number };

/** A table that may scroll: focusable and named, so keyboard users can scroll it too (WCAG 2.1.1). */
export const ScrollRegion: FC<{ label: string; class?: string; children: Child }> = ({ label, children, class: extra }) => (
  <div class={`table-scroll${extra ? ` ${extra}` : ''}`} tabindex={0} role="region" aria-label={label}>
    {children}
  </div>
);

/** JSON inside <script>: `<` escaped so no value can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * A chart with its data table beside it. The table is the accessible (and printable, no-JavaScript)
 * form of the same figures; the chart canvas is hidden from assistive technology and only shown once
 * the script has drawn it.
 */
export const ChartWithTable: FC<{ lang: Lang; id: string; title: string; desc: string; spec: ChartSpec; firstColumn: string }> = ({ lang, id, title, desc, spec, firstColumn }) => (
  <figure class="stats-figure" aria-labelledby={`${id}-title`}>
    <figcaption id={`${id}-title`}>
      <strong>{title}</strong> <span class="muted">{desc}</span>
    </figcaption>
    <div class="stats-chart-grid">
      <div class="stats-chart" data-chart={id} aria-hidden="true" hidden></div>
      <ScrollRegion label={`${title} - ${statsMessages[lang].chartTable}`} class="stats-chart-table">
        <DataTable
          caption={`${title} - ${statsMessages[lang].chartTable}`}
          captionHidden
          rows={spec.categories}
          columns={[
            { header: firstColumn, rowHeader: true, cell: (c: string) => c },
            ...spec.series.map((s) => ({ header: s.name, numeric: true, cell: (_: string, i: number) => formatNumber(s.data[i] ?? 0, lang) })),
          ]}
        />
      </ScrollRegion>
    </div>
    <script type="application/json" id={`${id}-data`} dangerouslySetInnerHTML={{ __html: scriptJson(spec) }} />
  </figure>
);
