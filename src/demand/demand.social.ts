import type { SessionUser } from '../lib/context.js';
import { inTransaction } from '../db/transaction.js';
import { ApiError } from '../lib/errors.js';
import type { DemandCtx } from './demand.context.js';
import { deleteVote, insertComment, insertVote, voteCount as countVotes } from './demand-social.store.js';
import { demandComments, type CommentRow } from './demand.queries.js';
import { isoSeconds } from '../lib/dates.js';
import { notificationText, notifyProvider, notifyRequester } from './demand.notify.js';
import { findVisibleDemand } from './demand.transition.js';

export const maxCommentLength = 5000;

/** Stored as typed; pages escape it when they show it (hono/jsx escapes every text child). */
export async function addComment(ctx: DemandCtx, user: SessionUser, demandId: string, body: string): Promise<CommentRow & { public: boolean }> {
  const d = await findVisibleDemand(ctx, user, demandId);
  const text = body.trim();
  if (!text) throw new ApiError(400, 'invalid_body', 'The comment is empty.', { errors: [{ field: 'body', message: 'required' }] });
  if (text.length > maxCommentLength) throw new ApiError(400, 'invalid_body', `A comment holds at most ${maxCommentLength} characters.`, { errors: [{ field: 'body', message: `at most ${maxCommentLength} characters` }] });
  const { db } = ctx.deps;
  const ts = isoSeconds(ctx.deps.now());
  const id = await inTransaction(db, async (tx) => {
    const commentId = await insertComment(tx, d.id, user.id, text, ts);
    // The other side hears of it: the provider when the requester writes, the requester otherwise.
    if (user.id === d.requester_user_id) await notifyProvider(tx, d, notificationText.comment(d.title), ts, user.id);
    else await notifyRequester(tx, d, notificationText.comment(d.title), ts, user.id);
    return commentId;
  });
  return { ...(await demandComments(db, d.id)).find((c) => c.id === id)!, public: d.kind !== 'order' };
}

async function votable(ctx: DemandCtx, user: SessionUser, demandId: string) {
  const d = await findVisibleDemand(ctx, user, demandId);
  if (d.kind === 'order') throw new ApiError(422, 'not_votable', 'Orders are not voted on; votes are for new-data requests and corrections on the public board.');
  return d;
}

const voteCount = async (ctx: DemandCtx, id: string) => await countVotes(ctx.deps.db, id);

/** One vote per person; voting again changes nothing (`created` false). */
export async function addVote(ctx: DemandCtx, user: SessionUser, demandId: string): Promise<{ votes: number; created: boolean }> {
  const d = await votable(ctx, user, demandId);
  const created = await insertVote(ctx.deps.db, d.id, user.id, isoSeconds(ctx.deps.now()));
  return { votes: await voteCount(ctx, d.id), created };
}

export async function removeVote(ctx: DemandCtx, user: SessionUser, demandId: string): Promise<{ votes: number }> {
  const d = await votable(ctx, user, demandId);
  await deleteVote(ctx.deps.db, d.id, user.id);
  return { votes: await voteCount(ctx, d.id) };
}
