/* global document, location, fetch, Option, setTimeout, clearTimeout */
// Search as you type for the person or pool a form chooses (views/chooser.tsx). Without this
// script the search form reloads the page with the matches; with it, the matches replace the
// options of the form's select as the person types, and the status line (a live region) says
// how many there are. The option already chosen stays chosen and listed.
(() => {
  for (const form of document.querySelectorAll('form[data-chooser-source]')) {
    const input = form.querySelector('input[type="search"]');
    const status = form.querySelector('[role="status"]');
    const selects = form.dataset.chooserTarget.split(' ').map((t) => document.getElementById(`field-${t}`) ?? document.getElementById(t)).filter(Boolean);
    // Each chooser on a page brings the script: the first to run enhances them all, once.
    if (!input || !status || selects.length === 0 || form.dataset.chooserReady) continue;
    form.dataset.chooserReady = 'yes';
    const one = form.dataset.chooserOne;
    const many = form.dataset.chooserMany;
    let timer;
    let asked = 0;
    const say = (found, more, searched) => {
      status.textContent = !searched ? 'Type part of a name and search to find others.'
        : found === 0 ? 'Nobody found with that name.'
        : more ? `The first ${found} ${many} found: type more of the name to narrow it.`
        : found === 1 ? `1 ${one} found.` : `${found} ${many} found.`;
    };
    const search = async () => {
      const term = input.value.trim();
      const mine = ++asked;
      const url = new URL(form.dataset.chooserSource, location.href);
      url.searchParams.set('who', term);
      for (const hidden of form.querySelectorAll('input[type="hidden"]')) url.searchParams.set(hidden.name, hidden.value);
      const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok || mine !== asked) return;
      const { choices, more } = await res.json();
      for (const select of selects) {
        // What is chosen stays chosen and listed (one option, or several in a multiple select).
        const chosen = new Set([...select.selectedOptions].map((o) => o.value));
        const keep = [...select.options].filter((o) => o.value === '' || chosen.has(o.value));
        select.replaceChildren(...keep);
        for (const c of choices) {
          if (chosen.has(c.value)) continue;
          select.append(new Option(c.label, c.value));
        }
      }
      say(choices.length, more, term !== '');
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void search().catch(() => {}), 250);
    });
  }
})();
