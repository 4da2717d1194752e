// Department console, progressive enhancement only: every form also works without this script.
// Uploads go through XMLHttpRequest to the same page route so the publisher sees a progress bar;
// the server's answer (a redirect on success, the form with its error table otherwise) is then shown.
(function () {
  'use strict';

  function focusSummary() {
    var summary = document.getElementById('result-summary');
    if (summary) summary.focus();
  }

  function showAnswer(xhr) {
    var answered = xhr.responseURL ? new URL(xhr.responseURL) : null;
    if (answered && answered.pathname !== location.pathname) {
      location.assign(xhr.responseURL);
      return;
    }
    var doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
    var fresh = doc.querySelector('main');
    var current = document.querySelector('main');
    if (!fresh || !current) {
      location.reload();
      return;
    }
    current.innerHTML = fresh.innerHTML;
    if (doc.title) document.title = doc.title;
    init();
  }

  function enhanceUpload(form) {
    var box = form.querySelector('.upload-progress');
    var texts = form.querySelector('#upload-messages');
    if (!box || !texts || !window.FormData) return;
    var bar = box.querySelector('progress');
    var percent = box.querySelector('.upload-percent');
    var label = box.querySelector('.upload-label');
    var button = form.querySelector('button[type="submit"]');

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      button.disabled = true;
      box.hidden = false;
      bar.setAttribute('value', '0');
      percent.textContent = '0%';
      label.textContent = texts.dataset.uploading;
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) return;
        var p = Math.floor((e.loaded / e.total) * 100);
        bar.value = p;
        percent.textContent = p + '%';
      });
      xhr.upload.addEventListener('load', function () {
        percent.textContent = '100%';
        label.textContent = texts.dataset.processing;
        // Indeterminate while the server validates and publishes.
        bar.removeAttribute('value');
      });
      xhr.addEventListener('load', function () {
        showAnswer(xhr);
      });
      xhr.addEventListener('error', function () {
        label.textContent = texts.dataset.failed;
        percent.textContent = '';
        bar.setAttribute('value', '0');
        button.disabled = false;
      });
      xhr.send(new FormData(form));
    });
  }

  function init() {
    focusSummary();
    var forms = document.querySelectorAll('form[data-upload]');
    for (var i = 0; i < forms.length; i++) enhanceUpload(forms[i]);
  }

  init();
})();
