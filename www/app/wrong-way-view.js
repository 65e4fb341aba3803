// The cases of "Try it the wrong way" (app/wrong-way.js builds the section and loads this module
// when a reader first opens it): per case, the rule that stopped it, the broken program as a diff
// against its fix, rustc's message with its colours, and the fix. Plain elements only, inside
// the container it is given, so it works in the page and in the widget's shadow root.
//
// `diff` from npm (package-lock.json pins it): build.sh copies the three modules of its ES build
// that diffLines needs. highlight.js is the code view's (app/source.js).
import { diffLines } from '../vendor/diff/diff/line.js';
import hljs from '../vendor/highlight/core.min.js';
import rust from '../vendor/highlight/rust.min.js';
import { el } from './format.js';
import { ansiSegments, diffRows, proseParts } from './wrong-way-text.js';

hljs.registerLanguage('rust', rust);

/** Shows the cases of example `exampleId` from wrong-way.json (`site`) in `body`, replacing what it held. */
export function renderCases(body, site, exampleId) {
  const mine = site.cases.filter((c) => c.example === exampleId);
  if (mine.length === 0) body.replaceChildren(el('p', 'muted', 'This example has no wrong-way cases.'));
  else body.replaceChildren(intro(site.rustc), ...mine.map(caseView));
}

function intro(rustc) {
  const p = el('p', 'wrong-way-intro muted small');
  p.append('Each broken program is what a student might write first; its fixed twin differs only where ' +
    'the lesson is. The messages are what ', el('code', null, rustc),
    ' printed when this site was built, colours included.');
  return p;
}

function caseView(c) {
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
    diffFigure(c), rustcFigure(c), fix);
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

function diffFigure(c) {
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
