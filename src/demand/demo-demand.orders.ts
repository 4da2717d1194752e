import { dataUseAgreement } from './demand.agreement.js';
import { deliveryNote, type Handover } from './demand.delivery.js';
import { insertDelivery } from './demand.store.js';
import { deliveryDays, firstResponseDays, workingDeadline, type WorkCalendar } from './demand.workdays.js';
import { departmentUser, versionAt, type Board, type DemoDataset, type DemoDepartment, type Live } from './demo-demand.board.js';
import * as say from './demo-demand.texts.js';

// Orders (数据申请) of the demo board: one department asks another for data, through every state.

/** Hours to the first answer: a prompt department within a few working hours to two days, the others days later. */
export const responseHours = (b: Board, dept: DemoDepartment) => (b.chance(dept.prompt) ? 0.5 + b.rand() ** 2 * 50 : 80 + b.rand() * 220);

function rating(b: Board, dept: DemoDepartment, late: boolean): number {
  const x = 2 + 3 * dept.mood - (late ? 1.3 : 0) + (b.rand() - 0.5) * 1.6;
  return Math.min(5, Math.max(1, Math.round(x)));
}

async function deliverAndConfirm(b: Board, calendarDue: number, d: Live, dept: DemoDepartment, items: DemoDataset[]): Promise<void> {
  const onTime = b.chance(dept.punctual);
  const at = onTime ? d.at + b.hour + b.rand() * 0.9 * Math.max(calendarDue - d.at - b.hour, b.hour) : calendarDue + (6 + b.rand() * 240) * b.hour;
  const when = b.officeHours(at);
  const handovers: Handover[] = items.map((ds) => ({ datasetPk: ds.pk, datasetId: ds.id, version: versionAt(ds, when), rows: ds.rows, bytes: 0, files: [], fields: null }));
  const delivered = await b.step(d, 'deliver', when, {}, deliveryNote(handovers, null), async (ts) => {
    // The demo hands over no files: a delivery row names the dataset and version (no artifact, so no download link).
    for (const h of handovers) await insertDelivery(b.tx, { id: `dl_${b.token(16)}`, demandId: d.id, datasetPk: h.datasetPk, version: h.version, deliveredAt: ts });
    b.deliveries.push({
      ts, datasetPk: handovers[0]!.datasetPk, version: handovers[0]!.version, format: 'file', ownerDepartmentId: d.provider,
      consumerDepartmentId: d.requesterDepartment, userId: d.requester, rows: handovers.reduce((s, h) => s + h.rows, 0),
      bytes: handovers.reduce((s, h) => s + h.rows * 230, 0),
    });
    b.stats.deliveries++;
  });
  if (!delivered) return;
  const stars = rating(b, dept, d.at > calendarDue);
  await b.step(d, 'confirm', b.officeHours(d.at + (2 + b.rand() * 94) * b.hour), { rating: stars, rating_comment: b.chance(0.6) ? b.pick(say.ratingComments[stars]!) : null }, null);
}

/** What happens after the order came in: answered (or not), perhaps asked about, rejected, cancelled, or delivered and rated. */
async function follow(b: Board, d: Live, dept: DemoDepartment, items: DemoDataset[], due: number): Promise<void> {
  if (b.chance(0.12 * (1 - dept.prompt) + 0.01)) {
    if (b.chance(0.3)) await b.step(d, 'cancel', d.at + (240 + b.rand() * 240) * b.hour, {}, b.pick(say.cancelNotes));
    return; // never answered: late on the board
  }
  if (b.chance(0.04)) return void (await b.step(d, 'cancel', b.officeHours(d.at + (2 + b.rand() * 40) * b.hour), {}, b.pick(say.cancelNotes)));
  let at = b.officeHours(d.at + responseHours(b, dept) * b.hour);
  if (b.chance(0.1)) {
    const i = Math.floor(b.rand() * say.infoRequests.length);
    if (!(await b.step(d, 'request-info', at, {}, say.infoRequests[i]!))) return;
    if (!(await b.step(d, 'answer', b.officeHours(d.at + (4 + b.rand() * 68) * b.hour), {}, say.infoAnswers[i]!))) return;
    at = b.officeHours(d.at + (1 + b.rand() * 30) * b.hour);
  }
  if (b.chance(0.13)) return void (await b.step(d, 'reject', at, {}, b.pick(say.orderRejections)));
  if (!(await b.step(d, 'accept', at, {}, b.pick(say.acceptNotes)))) return;
  if (b.chance(0.03)) return void (await b.step(d, 'cancel', b.officeHours(d.at + (1 + b.rand() * 70) * b.hour), {}, b.pick(say.cancelNotes)));
  await deliverAndConfirm(b, due, d, dept, items);
}

/** `created`: the days the department's orders come in, spread over the year. */
export async function seedOrders(b: Board, calendar: WorkCalendar, dept: DemoDepartment, requesters: () => string, created: number[]): Promise<void> {
  for (const ms of created) {
    const open = dept.datasets.filter((ds) => ds.versions[0]!.at < ms);
    if (!open.length) continue;
    const first = b.pick(open);
    const second = open.length > 1 && b.chance(0.25) ? b.pick(open.filter((ds) => ds !== first)) : null;
    const items = second ? [first, second] : [first];
    const requester = requesters();
    const purpose = b.pick(say.orderPurposes);
    const when = new Date(ms);
    const d = await b.submit({
      kind: 'order', createdMs: ms, title: items.length > 1 ? `${first.title} 等 ${items.length} 个数据集` : first.title, purpose,
      legalBasis: b.chance(0.4) ? b.pick(say.legalBases) : null, agreement: items.some((i) => i.conditional) ? dataUseAgreement : null,
      requesterUserId: departmentUser(requester), requesterDepartmentId: requester, providerDepartmentId: dept.id, deliveryMode: 'file',
      dueAt: workingDeadline(calendar, when, deliveryDays), firstResponseDueAt: workingDeadline(calendar, when, firstResponseDays),
    }, purpose, items.map((i) => i.pk));
    await follow(b, d, dept, items, Date.parse(workingDeadline(calendar, when, deliveryDays)));
  }
}
