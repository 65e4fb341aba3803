// "Try it the wrong way": for one example, what a student might write first, what rustc said
// about it, which rule stopped it, and the fix, shown as a diff of the broken program against
// its fixed twin. Shared by the page and the widget's shadow root: it builds plain elements and
// never looks outside `container`.
//
// The cases and rustc's answers are wrong-way.json, written by tools/wrong-way.mjs when the site
// is built (the programs are in wrong-way/cases/). This module only builds the closed section:
// the JSON and the view that renders it (app/wrong-way-view.js, with the diff package) load
// when a reader first opens it, so the first load of the page and the widget barely changes.
// Words: the catalog's `wrongWay.*` (the section's chrome and each case's title, rule, why and
// fix); rustc's messages and the programs are shown as they are.
import { el } from './format.js';

const CASES_FILE = '../wrong-way.json';
let cases = null;
/** wrong-way.json and its view, fetched once per page; a failure lets a later open retry. */
function loadCases() {
  cases ??= Promise.all([
    fetch(new URL(CASES_FILE, import.meta.url)).then((response) => {
      if (!response.ok) throw new Error(`wrong-way.json: HTTP ${response.status}`);
      return response.json();
    }),
    import('./wrong-way-view.js'),
  ]).catch((error) => {
    cases = null;
    throw error;
  });
  return cases;
}

/**
 * Puts the "Try it the wrong way" section of example `exampleId` in `container`, in `words`'
 * language, replacing what it held: a closed <details> whose cases load and render when it is
 * first opened. A section that was open stays open (and shows the new example's cases).
 */
export function renderWrongWay(container, exampleId, words) {
  const wasOpen = container.querySelector(':scope > details.wrong-way')?.open ?? false;
  const details = el('details', 'wrong-way');
  const summary = el('summary');
  summary.append(el('span', 'wrong-way-title', words.t('wrongWay.title')),
    el('span', 'wrong-way-subtitle muted', ` — ${words.t('wrongWay.subtitle')}`));
  const body = el('div', 'wrong-way-body');
  details.append(summary, body);
  let filled = false;
  details.addEventListener('toggle', () => {
    if (!details.open || filled) return;
    filled = true;
    body.setAttribute('aria-busy', 'true');
    body.replaceChildren(el('p', 'muted small', words.t('wrongWay.loading')));
    loadCases().then(([site, { renderCases }]) => renderCases(body, site, exampleId, words)).catch((error) => {
      filled = false;
      body.replaceChildren(el('p', 'error', words.t('wrongWay.loadFailed', { message: error.message })));
    }).finally(() => body.removeAttribute('aria-busy'));
  });
  container.replaceChildren(details);
  if (wasOpen) details.open = true;
}
