import type { FC } from 'hono/jsx';
import { href, type Lang } from '../../i18n.js';
import type { DemandDetail } from '../../../src/demand/index.js';
import { demandMessages } from './messages.js';
import { isViewersTurn, turnOf } from './turn.js';

export type Department = { id: string; name: string };

type FormProps = { lang: Lang; d: DemandDetail; action: string; departments: Department[]; isAdmin: boolean };

const Note: FC<{ id: string; name: string; label: string; required?: boolean }> = ({ id, name, label, required }) => (
  <>
    <label for={id}>{label}</label>
    <textarea id={id} name={name} rows={3} maxlength={5000} required={required} />
  </>
);

const Rating: FC<{ lang: Lang; d: DemandDetail }> = ({ lang, d }) => {
  const m = demandMessages[lang];
  return (
    <>
      <fieldset>
        <legend>{m.ratingLegend}</legend>
        {[5, 4, 3, 2, 1].map((n) => (
          <span>
            <input type="radio" id={`rating-${d.id}-${n}`} name="rating" value={String(n)} required checked={n === 5} />
            <label for={`rating-${d.id}-${n}`}>{m.stars(n)}</label>
          </span>
        ))}
      </fieldset>
      <Note id={`confirm-comment-${d.id}`} name="comment" label={m.ratingComment} />
    </>
  );
};

const AssignDepartment: FC<{ lang: Lang; id: string; departments: Department[]; current: string | null }> = ({ lang, id, departments, current }) => (
  <>
    <label for={id}>{demandMessages[lang].assignDepartment}</label>
    <select id={id} name="department" required={!current}>
      {current ? null : <option value="">—</option>}
      {departments.map((dep) => <option value={dep.id} selected={dep.id === current}>{dep.name}</option>)}
    </select>
  </>
);

/** The fields each step asks for; the same names as the JSON API's step body. */
const StepFields: FC<FormProps> = ({ lang, d, action, departments, isAdmin }) => {
  const m = demandMessages[lang];
  const id = (f: string) => `${action}-${f}`;
  const assign = isAdmin && d.kind === 'new_data' ? <AssignDepartment lang={lang} id={id('department')} departments={departments} current={d.provider_department?.id ?? null} /> : null;
  switch (action) {
    case 'request-info':
      return <Note id={id('note')} name="note" label={m.question} required />;
    case 'answer':
      return <Note id={id('note')} name="note" label={m.answerLabel} required />;
    case 'reject':
      return <>{assign}<Note id={id('reason')} name="reason" label={m.reason} required /></>;
    case 'confirm':
      return <Rating lang={lang} d={d} />;
    case 'plan':
      return <>{assign}<label for={id('date')}>{m.plannedFor}</label><input type="date" id={id('date')} name="planned_for" required /><Note id={id('note')} name="note" label={m.note} /></>;
    case 'fulfil':
      return <>{assign}<label for={id('dataset')}>{m.linkedDatasetLabel}</label><input type="text" id={id('dataset')} name="dataset" required maxlength={200} /><Note id={id('note')} name="note" label={m.note} /></>;
    case 'fix':
      return <><label for={id('version')}>{m.version}</label><input type="number" id={id('version')} name="version" min={1} /><Note id={id('note')} name="note" label={m.note} /></>;
    case 'deliver':
      return <>{d.delivery_mode === 'api' ? <><label for={id('expires')}>{m.expiresAt}</label><input type="date" id={id('expires')} name="expires_at" /></> : <p class="muted">{m.modes[d.delivery_mode ?? 'file']}</p>}<Note id={id('note')} name="note" label={m.note} /></>;
    default:
      return <Note id={id('note')} name="note" label={m.note} />;
  }
};

/** One form per step the viewer may take now; each posts to the page route, which redirects back. */
export const ActionForms: FC<{ lang: Lang; d: DemandDetail; departments: Department[]; isAdmin: boolean }> = ({ lang, d, departments, isAdmin }) => {
  const m = demandMessages[lang];
  if (!d.allowed_actions.length) return null;
  return (
    <section aria-labelledby="next-steps">
      <h2 id="next-steps">{isViewersTurn(turnOf(d.status, d.allowed_actions)) ? m.yourTurn : m.stepsYouCanTake}</h2>
      <div class="demand-actions">
        {d.allowed_actions.map((action) => (
          <form method="post" action={href(lang, `/demand/${d.id}/act`)} class="demand-form" data-action={action}>
            <input type="hidden" name="action" value={action} />
            <StepFields lang={lang} d={d} action={action} departments={departments} isAdmin={isAdmin} />
            <p><button type="submit" class="button-secondary">{m.actions[action]}</button></p>
          </form>
        ))}
      </div>
    </section>
  );
};
