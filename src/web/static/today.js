/* global document, window, fetch, DOMParser */
// Home works without this file: it is a page like any other, read again on reload. With it, the
// page asks now and then (only while it is being looked at) whether something new has been sent
// to the person, and when it has, or when they come back to the tab after a while, it fetches
// the sections again and puts them in place, saying so to screen readers in one short line.
(function () {
  'use strict';
  var live = document.getElementById('today-live');
  var status = document.getElementById('today-status');
  if (!live || !window.fetch || !window.DOMParser || !document.visibilityState) return;
  var PULSE_MS = 30000;
  var STALE_MS = 120000;
  var mark = null;
  var fetchedAt = Date.now();
  var busy = false;

  function get(url) {
    return fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html, application/json' } }).then(function (res) {
      // Signed out meanwhile (a redirect to sign in): leave the page as it is.
      if (!res.ok || res.redirected) throw new Error('not available');
      return res;
    });
  }

  function refresh() {
    if (busy) return;
    busy = true;
    get(live.getAttribute('data-refresh'))
      .then(function (res) { return res.text(); })
      .then(function (html) {
        fetchedAt = Date.now();
        var doc = new DOMParser().parseFromString('<div>' + html + '</div>', 'text/html');
        var fresh = doc.body.firstChild;
        if (!fresh || fresh.innerHTML === live.innerHTML) return;
        // Keep keyboard focus where it was when the same link is still there.
        var focused = document.activeElement && live.contains(document.activeElement) ? document.activeElement.getAttribute('href') : null;
        live.replaceChildren.apply(live, Array.prototype.slice.call(fresh.childNodes));
        if (focused) {
          var again = live.querySelector('a[href="' + focused + '"]');
          if (again) again.focus();
        }
        if (status) status.textContent = 'Updated at ' + new Date().toTimeString().slice(0, 5) + '.';
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }

  function pulse() {
    if (document.visibilityState !== 'visible') return;
    get('/today/pulse')
      .then(function (res) { return res.json(); })
      .then(function (body) {
        if (mark !== null && body.mark !== mark) refresh();
        mark = body.mark;
      })
      .catch(function () {});
  }

  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible' && Date.now() - fetchedAt > STALE_MS) refresh();
  });
  pulse();
  window.setInterval(pulse, PULSE_MS);
})();
