import type { FC } from 'hono/jsx';
import { href, type Lang } from '../i18n.js';
import { a11yModes, speechRates, useA11yPrefs } from '../a11y-prefs.js';
import { a11yText } from '../a11y-messages.js';

/**
 * The barrier-free toolbar (无障碍工具栏) in every page's header. Without JavaScript each button posts to /a11y,
 * which sets the cookie and comes back here; web/static/a11y.js does the same without a reload and adds read aloud,
 * which is hidden until the script shows it (it cannot work without one).
 */
export const A11yToolbar: FC<{ lang: Lang; url: string }> = ({ lang, url }) => {
  const t = a11yText[lang];
  const prefs = useA11yPrefs();
  return (
    <form
      class="a11y-toolbar"
      id="a11y-toolbar"
      method="post"
      action="/a11y"
      aria-label={t.toolbar}
      data-no-speech={t.noSpeech}
      data-no-voice={t.noVoice}
      data-speech-on={t.speechOn}
      data-speech-off={t.speechOff}
    >
      <input type="hidden" name="return" value={url} />
      <ul class="a11y-controls">
        {a11yModes
          .filter((mode) => mode !== 'speech')
          .map((mode) => (
            <li>
              <button type="submit" name="mode" value={mode} aria-pressed={prefs.modes.has(mode) ? 'true' : 'false'} title={t.modeHints[mode]}>
                {t.modes[mode]}
              </button>
            </li>
          ))}
        <li class="a11y-speech" hidden>
          <button type="submit" name="mode" value="speech" aria-pressed={prefs.modes.has('speech') ? 'true' : 'false'} title={t.modeHints.speech}>
            {t.modes.speech}
          </button>
          <label for="a11y-rate" class="a11y-rate-label">
            {t.rate}
          </label>
          <select id="a11y-rate" name="rate">
            {speechRates.map((rate) => (
              <option value={rate} selected={prefs.rate === rate}>
                {t.rates[rate]}
              </option>
            ))}
          </select>
        </li>
        <li>
          <button type="submit" name="mode" value="reset">
            {t.reset}
          </button>
        </li>
        <li>
          <a href={href(lang, '/accessibility')}>{t.help}</a>
        </li>
      </ul>
      <p class="a11y-status" role="status"></p>
    </form>
  );
};

/** The header's site search: the target of the "skip to search" link and of Alt+2. */
export const SiteSearch: FC<{ lang: Lang }> = ({ lang }) => {
  const t = a11yText[lang];
  return (
    <form class="site-search" id="site-search" role="search" aria-label={t.siteSearch} method="get" action={href(lang, '/datasets')}>
      <label for="site-search-q" class="visually-hidden">
        {t.searchLabel}
      </label>
      <input id="site-search-q" type="search" name="q" maxlength={200} autocomplete="off" />
      <button type="submit">{t.searchButton}</button>
    </form>
  );
};

/** Skip links: to the content and to the site search (WCAG 2.4.1). */
export const SkipLinks: FC<{ lang: Lang }> = ({ lang }) => {
  const t = a11yText[lang];
  return (
    <div class="skip-links">
      <a class="skip-link" href="#main">
        {t.skipMain}
      </a>
      <a class="skip-link" href="#site-search-q">
        {t.skipSearch}
      </a>
    </div>
  );
};
