// Copy buttons of the dataset page's API examples. Without this script the buttons stay hidden and the code is
// plain selectable text. Buttons are real <button>s: Enter and Space work, focus is visible (portal.css).
(function () {
  var section = document.querySelector('.api-examples');
  if (!section) return;
  var status = section.querySelector('[data-copy-status]');

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

  section.querySelectorAll('button.copy-code').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var code = document.getElementById(button.getAttribute('data-copy-target'));
      if (!code) return;
      copy(code.textContent).then(function () {
        // Emptied first so the same message is announced again on a second copy.
        status.textContent = '';
        setTimeout(function () { status.textContent = button.getAttribute('data-copied-message') || 'Copied'; }, 50);
        button.setAttribute('data-copied', 'true');
      }, function () {
        status.textContent = '';
      });
    });
  });
})();
