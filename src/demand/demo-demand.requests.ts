import { deliveryDays, firstResponseDays, shanghaiDay, workingDeadline, type WorkCalendar } from './demand.workdays.js';
import { versionAt, type Board, type DemoDataset, type DemoDepartment, type Live } from './demo-demand.board.js';
import { responseHours } from './demo-demand.orders.js';
import * as say from './demo-demand.texts.js';

// New-data requests (数据需求) and corrections (纠错) of the demo board: public, voted on and commented.

const day = 86_400_000;

/** Who asks in public: mostly citizens, sometimes another department's staff. */
export type Asker = () => { user: string; department: string | null };

async function discuss(b: Board, d: Live, citizens: string[], votes: number, created: number): Promise<void> {
  const span = Math.min(90 * day, b.nowMs - created);
  const voters = [...citizens];
  for (let i = voters.length - 1; i > 0; i--) {
    const j = Math.floor(b.rand() * (i + 1));
    [voters[i], voters[j]] = [voters[j]!, voters[i]!];
  }
  for (const user of voters.slice(0, votes)) await b.vote(d, user, created + b.rand() * span);
  const comments = Array.from({ length: Math.floor(b.rand() * 3) }, () => created + b.rand() * span).sort((x, y) => x - y);
  for (const at of comments) await b.comment(d, b.pick(citizens), b.pick(say.citizenComments), Math.round(at));
}

/** The dataset that answers a request at `ms`: preferably one published after the request came in. */
function answeringDataset(b: Board, dept: DemoDepartment, created: number, ms: number): DemoDataset | null {
  const open = dept.datasets.filter((ds) => ds.versions[0]!.at < ms);
  const newer = open.filter((ds) => ds.versions[0]!.at > created);
  return newer.length ? b.pick(newer) : open.length ? b.pick(open) : null;
}

async function fulfil(b: Board, d: Live, dept: DemoDepartment, created: number, at: number): Promise<void> {
  const ds = answeringDataset(b, dept, created, at);
  if (!ds) return;
  const note = b.pick(say.fulfilNotes);
  await b.step(d, 'fulfil', at, { linked_dataset_pk: ds.pk, linked_version: versionAt(ds, at) }, [ds.id, note].filter(Boolean).join(' · '));
}

export async function seedNewData(b: Board, calendar: WorkCalendar, dept: DemoDepartment, ask: Asker, citizens: string[], created: number[]): Promise<void> {
  for (const ms of created) {
    const who = ask();
    const d = await b.submit({
      kind: 'new_data', createdMs: ms, title: b.pick(say.wishTemplates).replace('{t}', `「${b.pick(dept.datasets).title}」`), description: b.pick(say.wishDescriptions),
      requesterUserId: who.user, requesterDepartmentId: who.department, providerDepartmentId: dept.id, dueAt: null,
      firstResponseDueAt: workingDeadline(calendar, new Date(ms), firstResponseDays),
    }, null);
    await discuss(b, d, citizens, Math.floor(b.rand() ** 2.2 * 36), ms);
    if (b.chance(0.15 * (1 - dept.prompt) + 0.03)) continue;
    const at = b.officeHours(ms + responseHours(b, dept) * b.hour);
    const r = b.rand();
    if (r < 0.15) await b.step(d, 'reject', at, {}, b.pick(say.newDataRejections));
    else if (r < 0.6) {
      const plannedFor = shanghaiDay(new Date(at + (20 + b.rand() * 130) * day));
      const note = b.pick(say.planNotes);
      if (!(await b.step(d, 'plan', at, { planned_for: plannedFor }, [plannedFor, note].filter(Boolean).join(' · ')))) continue;
      if (b.chance(0.75 * dept.care + 0.1)) await fulfil(b, d, dept, ms, b.officeHours(Date.parse(`${plannedFor}T02:00:00Z`) - b.rand() * 10 * day));
    } else if (r < 0.85) await fulfil(b, d, dept, ms, at);
  }
}

/** A later version of one of the department's datasets, published within the year, that a correction could be fixed by. */
function laterVersions(dept: DemoDepartment, from: number): { ds: DemoDataset; n: number; at: number }[] {
  return dept.datasets.flatMap((ds) => ds.versions.slice(1).filter((v) => v.at > from + 5 * day).map((v) => ({ ds, n: v.n, at: v.at })));
}

export async function seedCorrections(b: Board, calendar: WorkCalendar, dept: DemoDepartment, ask: Asker, citizens: string[], created: number[], yearStart: number): Promise<void> {
  const fixable = laterVersions(dept, yearStart).filter((v) => v.at < b.nowMs);
  for (const planned of created) {
    // Most reports come in before a version that then fixes them (when the department has one); the rest any time.
    const target = fixable.length && b.chance(0.7) ? b.pick(fixable) : null;
    const ds = target?.ds ?? b.pick(dept.datasets);
    const ms = target ? Math.max(target.at - (1 + b.rand() * 30) * day, ds.versions[0]!.at + b.hour, yearStart) : Math.max(planned, ds.versions[0]!.at + b.hour);
    if (ms >= b.nowMs || (target && ms >= target.at)) continue;
    const who = ask();
    const when = new Date(ms);
    const d = await b.submit({
      kind: 'correction', createdMs: ms, title: `纠错：${ds.title}`, description: b.pick(say.correctionDescriptions), requesterUserId: who.user,
      requesterDepartmentId: who.department, providerDepartmentId: dept.id, datasetPk: ds.pk, dueAt: workingDeadline(calendar, when, deliveryDays),
      firstResponseDueAt: workingDeadline(calendar, when, firstResponseDays),
    }, null);
    await discuss(b, d, citizens, Math.floor(b.rand() ** 3 * 8), ms);
    if (b.chance(0.1 * (1 - dept.prompt) + 0.02)) continue;
    const at = b.officeHours(ms + responseHours(b, dept) * b.hour);
    if (!target && b.chance(0.45)) {
      await b.step(d, 'reject', at, {}, b.pick(say.correctionRejections));
      continue;
    }
    if (!(await b.step(d, 'accept', at, {}, null))) continue;
    if (target && b.chance(dept.care)) {
      const note = b.pick(say.fixNotes);
      await b.step(d, 'fix', b.officeHours(Math.max(target.at, d.at) + (1 + b.rand() * 30) * b.hour), { linked_dataset_pk: ds.pk, linked_version: target.n }, [`第 ${target.n} 版`, note].filter(Boolean).join(' · '));
    } else if (b.chance(0.3)) await b.step(d, 'reject', b.officeHours(d.at + (24 + b.rand() * 200) * b.hour), {}, b.pick(say.correctionRejections));
  }
}
