// Copy buttons for every code block (<pre><code>) and every element marked data-copy (a new API key's secret), on
// every page (web/components/layout.tsx loads this file). Without this script there are no buttons and the code is
// plain selectable text. Buttons are real <button>s: Enter and Space work, focus is visible (portal.css); "copied"
// is said in a polite live region: the nearest section's [data-copy-status] (the dataset page's examples), else one
// this script adds to the page.
(function () {
  var en = (document.documentElement.lang || '').toLowerCase().indexOf('en') === 0;
  var words = en
    ? { copy: 'Copy', copyCode: 'Copy code', copyOf: 'Copy ', copied: 'Copied', copiedOf: 'Copied ', failed: 'Copying failed: select the text and copy it by hand.' }
    : { copy: '复制', copyCode: '复制代码', copyOf: '复制', copied: '已复制', copiedOf: '已复制', failed: '复制失败：请选中文字后手动复制。' };
  var pageStatus = null;

  function statusFor(button) {
    var section = button.closest('section');
    var own = section && section.querySelector('[data-copy-status]');
    if (own) return own;
    if (!pageStatus) {
      pageStatus = document.createElement('p');
      pageStatus.className = 'visually-hidden';
      pageStatus.setAttribute('role', 'status');
      pageStatus.setAttribute('aria-live', 'polite');
      pageStatus.setAttribute('data-copy-status', '');
      document.body.appendChild(pageStatus);
    }
    return pageStatus;
  }

  function say(status, message) {
    // Emptied first so the same message is announced again on a second copy.
    status.textContent = '';
    setTimeout(function () { status.textContent = message; }, 50);
  }

  function fallbackCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error('copy refused'));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    return fallbackCopy(text);
  }

  function wire(button, target) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var status = statusFor(button);
      copy(target.textContent).then(function () {
        say(status, button.getAttribute('data-copied-message') || words.copied);
        button.setAttribute('data-copied', 'true');
      }, function () {
        say(status, words.failed);
      });
    });
  }

  // The name of a block: its own aria-label(ledby) or data-copy-name, so a page of several blocks has buttons that differ.
  function nameOf(el) {
    var given = el.getAttribute('data-copy-name') || el.getAttribute('aria-label');
    if (given) return given;
    var ids = el.getAttribute('aria-labelledby');
    var label = ids && document.getElementById(ids.split(' ')[0]);
    return label ? label.textContent.trim() : '';
  }

  function addButton(target, after) {
    var name = nameOf(after === target ? target : after) || nameOf(target);
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button-secondary copy-code';
    button.textContent = words.copy;
    button.setAttribute('aria-label', name ? words.copyOf + ' ' + name : words.copyCode);
    button.setAttribute('data-copied-message', name ? words.copiedOf + ' ' + name : words.copied);
    after.insertAdjacentElement('afterend', button);
    wire(button, target);
  }

  var targeted = {};
  document.querySelectorAll('button.copy-code[data-copy-target]').forEach(function (button) {
    var id = button.getAttribute('data-copy-target');
    var target = document.getElementById(id);
    if (!target) return;
    targeted[id] = true;
    wire(button, target);
  });
  document.querySelectorAll('[data-copy]').forEach(function (el) {
    if (!el.id || !targeted[el.id]) addButton(el, el);
  });
  document.querySelectorAll('pre > code').forEach(function (code) {
    if ((code.id && targeted[code.id]) || code.hasAttribute('data-copy')) return;
    addButton(code, code.parentElement);
  });
})();
