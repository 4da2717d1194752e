import type { FC } from 'hono/jsx';
import type { Lang } from '../../i18n.js';
import { demandMessages } from './messages.js';

type TurnKey = keyof (typeof demandMessages)['zh']['turn'];

/**
 * Whose move it is, from the viewer's side: the status says which side owes the next step, and the
 * viewer's own allowed steps say whether that side is theirs. Withdrawing (`cancel`) does not count:
 * a requester may withdraw while the provider works, and that is still the provider's turn.
 */
export function turnOf(status: string, allowedActions: readonly string[]): TurnKey {
  const mine = allowedActions.some((a) => a !== 'cancel');
  switch (status) {
    case 'confirmed': case 'fulfilled': case 'fixed': return 'done';
    case 'rejected': return 'rejected';
    case 'cancelled': return 'cancelled';
    case 'needs_info': return mine ? 'infoYou' : 'infoWaiting';
    case 'delivered': return mine ? 'confirmYou' : 'confirmWaiting';
    default: return mine ? 'providerYou' : 'providerWaiting';
  }
}

export const isViewersTurn = (turn: TurnKey) => turn === 'providerYou' || turn === 'infoYou' || turn === 'confirmYou';

/** The line under a demand's title that says who acts next (待提供部门处理, 待您处理, 待您确认收货, 已完成 …). */
export const TurnHeading: FC<{ lang: Lang; status: string; allowedActions: readonly string[] }> = ({ lang, status, allowedActions }) => {
  const turn = turnOf(status, allowedActions);
  return <p class={`demand-turn${isViewersTurn(turn) ? ' demand-turn-mine' : ''}`} data-turn={turn}>{demandMessages[lang].turn[turn]}</p>;
};
