import type { FC } from 'hono/jsx';
import type { MonthlyReport } from './assessment.drill.js';

/**
 * A monthly report table of an indicator's figures per department (the monitoring loop's warnings: opened, closed on
 * time, overdue), every department of the scorecard in its ranking order, those without any left out.
 */
export const FiguresSection: FC<{ report: MonthlyReport; figures: MonthlyReport['figures'][number]; n: string }> = ({ report: r, figures: f, n }) => {
  const id = `figures-${n}`;
  const byDepartment = new Map(f.rows.map((row) => [row.department_id, row.values]));
  const departments = r.card.data.map((row) => row.department).filter((d) => Object.values(byDepartment.get(d.id) ?? {}).some((v) => v > 0));
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{`${n}、${f.title_zh} ${f.title_en}`}</h2>
      {departments.length === 0 ? <p>本月没有记录。Nothing this month.</p> : (
        <div class="scroll" role="region" aria-label={`${f.title_zh}表 ${f.title_en} table`} tabindex={0}>
          <table>
            <thead><tr><th scope="col">部门</th>{f.columns.map((c) => <th scope="col" class="num">{`${c.label_zh} ${c.label_en}`}</th>)}</tr></thead>
            <tbody>
              {departments.map((d) => (
                <tr><th scope="row">{d.name_zh}</th>{f.columns.map((c) => <td class="num">{(byDepartment.get(d.id)?.[c.id] ?? 0).toLocaleString('zh-CN')}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
};
