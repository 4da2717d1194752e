// The barrier-free toolbar without reloads, read aloud (语音辅助), and the Alt+1/2/0 shortcuts.
// Progressive enhancement: without this file the toolbar's buttons post to /a11y, which sets the same cookie.
(() => {
  'use strict';
  const root = document.documentElement;
  const toolbar = document.getElementById('a11y-toolbar');
  const cookieName = 'kaifang_a11y';
  const modes = ['large', 'contrast', 'spacing', 'cursor', 'speech'];
  const rates = { slow: 0.7, normal: 1, fast: 1.4 };
  const pageLang = (root.lang || 'zh-CN').toLowerCase().startsWith('en') ? 'en' : 'zh';
  const status = toolbar && toolbar.querySelector('.a11y-status');
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const message = (key) => (toolbar && toolbar.dataset[key]) || '';

  const currentRate = () => (toolbar && toolbar.querySelector('#a11y-rate') ? toolbar.querySelector('#a11y-rate').value : 'normal');
  function saveCookie() {
    const tokens = modes.filter((m) => root.classList.contains(`a11y-${m}`));
    const rate = currentRate();
    if (rate !== 'normal') tokens.push(`rate-${rate}`);
    const secure = location.protocol === 'https:' ? '; secure' : '';
    document.cookie = `${cookieName}=${tokens.join('.')}; path=/; max-age=31536000; samesite=lax${secure}`;
  }
  function setMode(mode, on) {
    root.classList.toggle(`a11y-${mode}`, on);
    const button = toolbar && toolbar.querySelector(`button[name="mode"][value="${mode}"]`);
    if (button) button.setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  // Read aloud: the browser's speech synthesis, in the page's language; it says so when it cannot.
  const synth = 'speechSynthesis' in window ? window.speechSynthesis : null;
  let voice = null;
  const voiceFor = (list) => list.find((v) => v.lang.replace('_', '-').toLowerCase() === (pageLang === 'zh' ? 'zh-cn' : 'en-us')) || list.find((v) => v.lang.toLowerCase().startsWith(pageLang)) || null;
  function findVoice() {
    if (!synth) return Promise.resolve(null);
    const now = voiceFor(synth.getVoices());
    if (now) return Promise.resolve(now);
    // Chromium fills the list asynchronously; give it a moment before saying there is no voice.
    return new Promise((resolve) => {
      const done = () => resolve(voiceFor(synth.getVoices()));
      synth.addEventListener('voiceschanged', done, { once: true });
      setTimeout(done, 1500);
    });
  }
  function speak(text) {
    if (!synth || !voice || !text) return;
    synth.cancel();
    const utterance = new SpeechSynthesisUtterance(text.slice(0, 400));
    utterance.lang = pageLang === 'zh' ? 'zh-CN' : 'en-US';
    try {
      utterance.voice = voice;
    } catch {
      // a voice object the engine does not know: the language alone picks one
    }
    utterance.rate = rates[currentRate()] || 1;
    synth.speak(utterance);
  }
  async function startSpeech(announce) {
    if (!synth) {
      setMode('speech', false);
      saveCookie();
      say(message('noSpeech'));
      return;
    }
    voice = await findVoice();
    if (!voice) {
      setMode('speech', false);
      saveCookie();
      say(message('noVoice'));
      return;
    }
    if (announce) {
      say(message('speechOn'));
      speak(message('speechOn'));
    }
  }

  const textOf = (el) => (el ? (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim() : '');
  function accessibleName(el) {
    const label = el.getAttribute('aria-label');
    if (label) return label;
    const by = el.getAttribute('aria-labelledby');
    if (by) return by.split(/\s+/).map((id) => textOf(document.getElementById(id))).join(' ');
    if (el.labels && el.labels.length) return textOf(el.labels[0]);
    return el.getAttribute('alt') || el.getAttribute('title') || '';
  }
  const readable = 'a, button, input, select, textarea, summary, [tabindex], h1, h2, h3, h4, h5, h6, p, li, th, td, dt, dd, caption, figcaption, label, legend';
  function readElement(target) {
    const el = target instanceof Element ? target.closest(readable) : null;
    if (!el || !root.classList.contains('a11y-speech')) return;
    const name = accessibleName(el);
    const value = el.matches('input, textarea') ? el.value : el.matches('select') ? textOf(el.selectedOptions[0]) : textOf(el);
    const words = name && value && !value.includes(name) ? `${name}. ${value}` : name || value;
    speak(words.slice(0, 400));
  }
  let hovered = null;
  let hoverTimer = 0;
  document.addEventListener('focusin', (e) => readElement(e.target));
  document.addEventListener('mouseover', (e) => {
    const el = e.target instanceof Element ? e.target.closest(readable) : null;
    if (el === hovered) return;
    hovered = el;
    clearTimeout(hoverTimer);
    hoverTimer = setTimeout(() => readElement(el), 300);
  });

  if (toolbar) {
    const speechItem = toolbar.querySelector('.a11y-speech');
    if (speechItem) speechItem.hidden = false;
    toolbar.addEventListener('submit', (e) => {
      const button = e.submitter;
      if (!button || button.name !== 'mode') return;
      e.preventDefault();
      const mode = button.value;
      if (mode === 'reset') {
        modes.forEach((m) => setMode(m, false));
        const select = toolbar.querySelector('#a11y-rate');
        if (select) select.value = 'normal';
        if (synth) synth.cancel();
        say('');
      } else if (modes.includes(mode)) {
        const on = !root.classList.contains(`a11y-${mode}`);
        setMode(mode, on);
        if (mode === 'speech') {
          if (on) startSpeech(true);
          else {
            if (synth) synth.cancel();
            say(message('speechOff'));
          }
        }
      }
      saveCookie();
    });
    const select = toolbar.querySelector('#a11y-rate');
    if (select) select.addEventListener('change', saveCookie);
  }
  if (root.classList.contains('a11y-speech')) startSpeech(false);

  // Alt+1 main, Alt+2 search, Alt+0 help. Linux browsers switch tabs with Alt+1..8 and macOS types symbols with
  // Option+digit in text fields: there the shortcut needs Shift as well, so the browser's own keys stay its own.
  const linux = /Linux|CrOS/.test(navigator.platform || '') && !/Android/.test(navigator.userAgent);
  const mac = /Mac/.test(navigator.platform || '');
  const editable = (el) => el instanceof Element && (el.matches('input, textarea, select') || el.isContentEditable);
  const actions = {
    Digit1: () => {
      const main = document.getElementById('main');
      if (main) main.focus();
    },
    Digit2: () => {
      const search = document.getElementById('site-search-q');
      if (search) search.focus();
    },
    Digit0: () => {
      const help = toolbar && toolbar.querySelector('a[href$="/accessibility"]');
      if (help) location.href = help.href;
    },
  };
  document.addEventListener('keydown', (e) => {
    const action = actions[e.code];
    if (!action || !e.altKey || e.ctrlKey || e.metaKey) return;
    if ((linux || (mac && editable(e.target))) && !e.shiftKey) return;
    e.preventDefault();
    action();
  });
})();
