// The demand board's public face: everything other folders (and web/) may use. Orders, new-data requests,
// corrections, their carts, votes, comments, deliveries and notifications; its tables are touched only by its store files.
export { demandRoutes } from './demand.feature.js';
export { createDemandCtx, type DemandCtx } from './demand.context.js';
export { demandIndicators } from './demand.indicators.js';
export { startRecurringDeliveries } from './demand.recurring.js';
export { actionsFor } from './demand.access.js';
export { dataUseAgreement } from './demand.agreement.js';
export { addToCart, listCart, removeFromCart } from './demand.cart.js';
export { checkout } from './demand.checkout.js';
export { type DemandAction, demandActions, type DemandStatus } from './demand.machine.js';
export { listNotifications, markRead, type NotificationRow, unreadCount } from './demand.notify.js';
// Other features' notifications (the app showcase) go to the same inboxes, with a link instead of a demand.
export { insertNotifications } from './demand-notifications.store.js';
export { type CartItem, type DemandDetail, type DemandSummary, presentCartItem, presentDemand, presentDemandDetail } from './demand.present.js';
export { type DemandFilters, listDemands, type ListPosition } from './demand.queries.js';
export { createRequest } from './demand.requests.js';
export { ActionBody, CartItemBody, CheckoutBody, CreateDemandBody } from './demand.schemas.js';
export { addComment, addVote, removeVote } from './demand.social.js';
export { demandStatuses } from './demand.table.js';
export { findVisibleDemand, takeAction } from './demand.transition.js';
export { cartItemCount, votedDemandIds } from './demand.viewer.sql.js';
export { seedDemoDemand } from './demo-demand.js';
// The working-day calendar of deadlines (the monitoring loop's warnings are due in working days too)
export { loadCalendar, workingDeadline, type WorkCalendar } from './demand.workdays.js';
