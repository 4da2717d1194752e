import type { AppDeps } from '../app-deps.js';
import type { UsageEventInput } from '../usage/index.js';
import type { DemandRow } from './demand.queries.js';
import type { Handover } from './demand.delivery.js';

export type DeliveryUse = Omit<UsageEventInput, 'kind' | 'status'>;

/**
 * Every delivery is a use of the provider's data, and a share when another department asked for it
 * (DESIGN section 6). The usage recorder applies the counting rules and writes the event.
 */
export function countDelivery(deps: AppDeps, use: DeliveryUse): void {
  deps.usage.record({ kind: 'delivery', status: 200, ...use });
}

/**
 * One delivery of an order is one use, however many datasets it hands over: the event names the
 * first dataset and carries the rows and bytes of all (the deliveries table keeps each dataset).
 */
export function countHandovers(deps: AppDeps, d: DemandRow, handovers: Handover[]): void {
  const first = handovers[0];
  if (!first || !d.provider_department_id) return;
  countDelivery(deps, {
    datasetPk: first.datasetPk,
    version: first.version,
    format: d.delivery_mode ?? 'file',
    ownerDepartmentId: d.provider_department_id,
    consumerDepartmentId: d.requester_department_id,
    userId: d.requester_user_id,
    rows: handovers.reduce((s, h) => s + h.rows, 0),
    bytes: handovers.reduce((s, h) => s + h.bytes, 0),
  });
}
