import type { FC } from 'hono/jsx';
import type { Lang } from '../../i18n.js';
import { ConsoleShell, type ConsoleUser } from '../console/shell.js';
import { appsMessages } from './messages.js';
import { AppCard, AppError, type AppCardData } from './parts.js';
import { ModerationForm } from './app.js';

export type QueueData = { apps: AppCardData[]; flash?: string; error?: string; detail?: string };

/** `/console/apps`: apps awaiting review that this person may decide on (an admin: all), each with its form. */
export const ModerationQueuePage: FC<{ lang: Lang; url: string; user: ConsoleUser; data: QueueData }> = ({ lang, url, user, data }) => {
  const m = appsMessages[lang];
  return (
    <ConsoleShell lang={lang} url={url} title={m.queueTitle} user={user} crumbs={[{ label: m.queueTitle }]}>
      <h1>{m.queueTitle}</h1>
      <p class="lead">{m.queueIntro}</p>
      {data.flash ? <div class="app-flash" role="status"><p>{data.flash}</p></div> : null}
      <AppError lang={lang} code={data.error} detail={data.detail} />
      {data.apps.length ? (
        <ul class="app-list app-queue">
          {data.apps.map((a) => (
            <AppCard lang={lang} app={a}>
              <ModerationForm lang={lang} appId={a.id} name={a.name} back={url.split('?')[0]} />
            </AppCard>
          ))}
        </ul>
      ) : <p class="empty">{m.queueEmpty}</p>}
    </ConsoleShell>
  );
};
