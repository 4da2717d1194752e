import type { Child } from 'hono/jsx';

/** One column: its heading, and what each row shows in it. */
export type Column<R> = {
  /** Heading text, or markup such as a sorting link or text only screen readers read. */
  header: Child;
  cell: (row: R, index: number) => Child;
  /** Figures: right-aligned (`class="num"`) in the heading and every cell. */
  numeric?: boolean;
  /** This column names its row: its cells are `<th scope="row">`, so screen readers announce them with each cell. */
  rowHeader?: boolean;
  /** The cells' language when it is not the page's (a column of English labels on a Chinese page). */
  lang?: string;
  /** A tooltip on the heading (e.g. the field's name under its label). */
  title?: string;
  /** The order the table is sorted in by this column now (`aria-sort` on the heading). */
  sort?: 'ascending' | 'descending';
};

type Attributes = Record<string, string | number | undefined>;

export type DataTableProps<R> = {
  columns: readonly Column<R>[];
  rows: readonly R[];
  /** Added to `data-table` (which the portal's CSS styles). */
  class?: string;
  /** What the table shows, for screen readers and print; `captionHidden` keeps it off the screen. */
  caption?: Child;
  captionHidden?: boolean;
  captionId?: string;
  /** Attributes of the table element itself (e.g. `aria-describedby`). */
  attributes?: Attributes;
  /** Attributes of a row's `<tr>` (e.g. `data-*` hooks the tests and scripts find rows by, or a class). */
  rowAttributes?: (row: R, index: number) => Attributes;
};

const num = (c: Column<unknown>) => (c.numeric ? 'num' : undefined);

/** Every table of figures or records on the portal: one markup, so the CSS, the tests and screen readers meet the same thing. */
export function DataTable<R>({ columns, rows, class: extra, caption, captionHidden, captionId, attributes, rowAttributes }: DataTableProps<R>) {
  const cols = columns as readonly Column<unknown>[];
  return (
    <table class={extra ? `data-table ${extra}` : 'data-table'} {...attributes}>
      {caption === undefined ? null : <caption class={captionHidden ? 'visually-hidden' : undefined} id={captionId}>{caption}</caption>}
      <thead>
        <tr>
          {cols.map((c) => <th scope="col" class={num(c)} title={c.title} aria-sort={c.sort}>{c.header}</th>)}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr {...rowAttributes?.(row, i)}>
            {cols.map((c) => (c.rowHeader ? <th scope="row" class={num(c)} lang={c.lang}>{c.cell(row, i)}</th> : <td class={num(c)} lang={c.lang}>{c.cell(row, i)}</td>))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
