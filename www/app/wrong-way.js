// "Try it the wrong way": for one example, what a student might write first, what rustc said
// about it, which rule stopped it, and the fix, shown as a diff of the broken program against
// its fixed twin. Shared by the page and the widget's shadow root: it builds plain elements and
// never looks outside `container`.
//
// The cases and rustc's answers are wrong-way.json, written by tools/wrong-way.mjs when the site
// is built (the programs are in wrong-way/cases/). They load when a reader first opens the
// section, with the diff package, so the first load of the page and the widget is unchanged.
import hljs from '../vendor/highlight/core.min.js';
import rust from '../vendor/highlight/rust.min.js';
import { el } from './format.js';
import { ansiSegments, diffRows, proseParts } from './wrong-way-text.js';

hljs.registerLanguage('rust', rust);

const CASES_FILE = '../wrong-way.json';
let cases = null;
/** wrong-way.json and the diff function, fetched once per page; a failure lets a later open retry. */
function loadCases() {
  cases ??= Promise.all([
    fetch(new URL(CASES_FILE, import.meta.url)).then((response) => {
      if (!response.ok) throw new Error(`wrong-way.json: HTTP ${response.status}`);
      return response.json();
    }),
    // `diff` from npm (package-lock.json pins it); build.sh copies the three modules it needs.
    import('../vendor/diff/diff/line.js'),
  ]).catch((error) => {
    cases = null;
    throw error;
  });
  return cases;
}

/**
 * Puts the "Try it the wrong way" section of example `exampleId` in `container`, replacing what
 * it held: a closed <details> whose cases load and render when it is first opened. A section
 * that was open stays open (and shows the new example's cases).
 */
export function renderWrongWay(container, exampleId) {
  const wasOpen = container.querySelector(':scope > details.wrong-way')?.open ?? false;
  const details = el('details', 'wrong-way');
  const summary = el('summary');
  summary.append(el('span', 'wrong-way-title', 'Try it the wrong way'),
    el('span', 'wrong-way-subtitle muted', ' — what rustc refuses, why, and the fix'));
  const body = el('div', 'wrong-way-body');
  details.append(summary, body);
  let filled = false;
  details.addEventListener('toggle', () => {
    if (!details.open || filled) return;
    filled = true;
    body.setAttribute('aria-busy', 'true');
    body.replaceChildren(el('p', 'muted small', 'Loading what rustc said…'));
    loadCases().then(([site, { diffLines }]) => {
      const mine = site.cases.filter((c) => c.example === exampleId);
      body.replaceChildren(intro(site.rustc), ...mine.map((c) => caseView(c, diffLines)));
      if (mine.length === 0) body.replaceChildren(el('p', 'muted', 'This example has no wrong-way cases.'));
    }, (error) => {
      filled = false;
      body.replaceChildren(el('p', 'error', `The compiler's answers did not load: ${error.message}`));
    }).finally(() => body.removeAttribute('aria-busy'));
  });
  container.replaceChildren(details);
  if (wasOpen) details.open = true;
}

function intro(rustc) {
  const p = el('p', 'wrong-way-intro muted small');
  p.append('Each broken program is what a student might write first; its fixed twin differs only where ' +
    'the lesson is. The messages are what ', el('code', null, rustc),
    ' printed when this site was built, colours included.');
  return p;
}

function caseView(c, diffLines) {
  const article = el('article', 'wrong-way-case');
  article.dataset.case = c.id;
  const verdict = el('p', 'wrong-way-verdict');
  const code = c.code
    ? Object.assign(el('a', 'wrong-way-code', `error[${c.code}]`), {
      href: `https://doc.rust-lang.org/error_codes/${c.code}.html`,
      title: `rustc's explanation of ${c.code}`,
    })
    : el('span', 'wrong-way-code', 'error (no code)');
  const rule = el('span', 'wrong-way-rule');
  rule.append(el('span', 'muted', 'rule: '), el('strong', null, c.rule));
  verdict.append(code, rule);
  const why = prose('p', 'wrong-way-why', c.why);
  const fix = prose('p', 'wrong-way-fix', c.fix);
  fix.prepend(el('strong', null, 'The fix: '));
  article.append(el('h3', 'wrong-way-case-title', c.title), verdict, why,
    diffFigure(c, diffLines), rustcFigure(c), fix);
  return article;
}

function prose(tag, className, text) {
  const node = el(tag, className);
  for (const part of proseParts(text)) node.append(part.code ? el('code', null, part.text) : part.text);
  return node;
}

/** A <pre> that can scroll, so it takes keyboard focus and says what it holds. */
function scrollingPre(className, label) {
  const pre = el('pre', `source ${className}`);
  pre.tabIndex = 0;
  pre.setAttribute('role', 'region');
  pre.setAttribute('aria-label', label);
  return pre;
}

function diffFigure(c, diffLines) {
  const figure = el('figure', 'wrong-way-figure');
  const caption = el('figcaption', 'muted small');
  caption.append('The broken program against its fix: ', el('span', 'diff-key-del', '− broken'), ' ',
    el('span', 'diff-key-add', '+ fixed'));
  const pre = scrollingPre('wrong-way-diff', `${c.title}: the broken program against its fix`);
  const code = el('code', 'hljs language-rust');
  for (const row of diffRows(diffLines(c.broken, c.fixed))) {
    const line = el(row.kind === 'del' ? 'del' : row.kind === 'add' ? 'ins' : 'span', `diff-line diff-${row.kind}`);
    const mark = el('span', 'diff-mark', row.kind === 'del' ? '−' : row.kind === 'add' ? '+' : ' ');
    mark.setAttribute('aria-hidden', 'true');
    line.append(mark);
    if (row.kind !== 'same') line.append(el('span', 'visually-hidden', row.kind === 'del' ? 'broken: ' : 'fixed: '));
    const text = el('span');
    // highlight.js escapes the text itself; its markup is only <span class="hljs-…">.
    text.innerHTML = hljs.highlight(row.text, { language: 'rust', ignoreIllegals: true }).value;
    line.append(text, '\n');
    code.append(line);
  }
  pre.append(code);
  figure.append(caption, pre);
  return figure;
}

function rustcFigure(c) {
  const figure = el('figure', 'wrong-way-figure');
  const caption = el('figcaption', 'muted small');
  caption.append('What ', el('code', null, 'cargo check'), ' said about ', el('code', null, c.brokenPath));
  const pre = scrollingPre('wrong-way-rustc', `rustc's message for ${c.title}`);
  const code = el('code');
  const rendered = c.diagnostics.map((d) => d.rendered).join('').trimEnd();
  for (const segment of ansiSegments(rendered)) {
    code.append(segment.classes.length > 0 ? el('span', segment.classes.join(' '), segment.text) : segment.text);
  }
  pre.append(code);
  figure.append(caption, pre);
  return figure;
}
