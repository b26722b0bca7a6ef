/* global document, window, EventSource, fetch */
// The chat page works without this file: the form posts and the page reloads. With it, new
// messages appear as they are written (Server-Sent Events) and the form sends without a reload.
// Message text is always put in with textContent, never as HTML.
(function () {
  'use strict';
  var log = document.querySelector('.chat-log[data-stream]');
  var list = document.getElementById('chat-messages');
  var form = document.getElementById('chat-form');
  if (!log || !list || !form || !window.EventSource || !window.fetch) return;
  var field = document.getElementById('field-body');
  var status = document.getElementById('chat-status');

  function shown(id) {
    return !!document.getElementById('message-' + id);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function append(m) {
    if (!m || !m.id || shown(m.id)) return;
    var empty = document.getElementById('chat-empty');
    if (empty) empty.remove();
    var item = el('li', m.kind === 'system' ? 'chat-message chat-system' : 'chat-message');
    item.id = 'message-' + m.id;
    item.setAttribute('data-message-id', m.id);
    var time = el('time', '', m.time);
    time.setAttribute('datetime', m.createdAt);
    if (m.kind === 'system') {
      var line = el('p');
      line.appendChild(el('em', '', m.body));
      line.appendChild(document.createTextNode(' · '));
      line.appendChild(time);
      item.appendChild(line);
    } else {
      var meta = el('p', 'chat-meta');
      meta.appendChild(el('strong', '', m.authorName || 'Someone'));
      meta.appendChild(document.createTextNode(' · '));
      meta.appendChild(time);
      item.appendChild(meta);
      item.appendChild(el('p', 'chat-body prose', m.body));
    }
    list.appendChild(item);
  }

  var items = list.querySelectorAll('[data-message-id]');
  var last = items.length ? items[items.length - 1].getAttribute('data-message-id') : '';
  // The server first sends whatever arrived after the last message this page shows.
  var source = new EventSource(log.getAttribute('data-stream') + '?after=' + encodeURIComponent(last || 'none'));
  // Marks the page as live (the browser tests wait for it before writing from elsewhere).
  source.addEventListener('open', function () {
    log.setAttribute('data-connected', 'true');
  });
  source.addEventListener('error', function () {
    log.removeAttribute('data-connected');
  });
  source.addEventListener('message', function (event) {
    append(JSON.parse(event.data));
  });
  // Sent when the reader is no longer in the circle: stop, rather than reconnect and be refused.
  source.addEventListener('closed', function () {
    source.close();
    if (status) status.textContent = 'You are no longer in this chat.';
  });

  function showError(message) {
    var label = field && field.closest('label');
    var old = document.getElementById('field-body-error');
    if (old) old.remove();
    if (!field || !label) return;
    if (!message) {
      field.removeAttribute('aria-invalid');
      field.removeAttribute('aria-describedby');
      return;
    }
    var error = el('small', 'field-error', 'Error: ' + message);
    error.id = 'field-body-error';
    label.insertBefore(error, field);
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', 'field-body-error');
    field.focus();
  }

  form.addEventListener('submit', function (event) {
    var csrf = form.querySelector('input[name="_csrf"]');
    if (!field || !csrf) return;
    event.preventDefault();
    var button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    fetch(form.getAttribute('data-api'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf.value },
      body: JSON.stringify({ body: field.value }),
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, status: response.status, data: data };
        });
      })
      .then(function (result) {
        if (result.ok) {
          append(result.data.message);
          field.value = '';
          showError('');
          if (status) status.textContent = 'Message sent.';
          field.focus();
        } else if (result.status === 422 && result.data.error && result.data.error.fields) {
          showError(result.data.error.fields.body || result.data.error.message);
        } else {
          // Anything unexpected (an expired form, say): let the page handle it the plain way.
          form.submit();
        }
      })
      .catch(function () {
        form.submit();
      })
      .then(function () {
        if (button) button.disabled = false;
      });
  });
})();
