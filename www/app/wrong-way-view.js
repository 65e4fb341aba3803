// The cases of "Try it the wrong way" (app/wrong-way.js builds the section and loads this module
// when a reader first opens it): per case, the rule that stopped it, the broken program as a diff
// against its fix, rustc's message with its colours, and the fix. Plain elements only, inside
// the container it is given, so it works in the page and in the widget's shadow root. A case's
// words (title, rule, why, fix) are the catalog's `wrongWay.cases.<example>.<case>` (see
// wrong-way-text.js's caseText); rustc's message and the programs stay as they are.
//
// `diff` from npm (package-lock.json pins it): build.sh copies the three modules of its ES build
// that diffLines needs. highlight.js is the code view's (app/source.js).
import { diffLines } from '../vendor/diff/diff/line.js';
import hljs from '../vendor/highlight/core.min.js';
import rust from '../vendor/highlight/rust.min.js';
import { el } from './format.js';
import { ansiSegments, caseText, diffRows, proseParts } from './wrong-way-text.js';

hljs.registerLanguage('rust', rust);

/**
 * Shows the cases of example `exampleId` from wrong-way.json (`site`) in `body`, in `words`'
 * language, replacing what it held.
 */
export function renderCases(body, site, exampleId, words) {
  const mine = site.cases.filter((c) => c.example === exampleId);
  if (mine.length === 0) body.replaceChildren(el('p', 'muted', words.t('wrongWay.noCases')));
  else body.replaceChildren(intro(site.rustc, words), ...mine.map((c) => caseView(c, words)));
}

function intro(rustc, words) {
  const p = el('p', 'wrong-way-intro muted small');
  // The rustc version is code, in the sentence where the language puts it.
  const [before, after = ''] = words.t('wrongWay.intro').split('{rustc}');
  p.append(before, el('code', null, rustc), after);
  return p;
}

function caseView(c, words) {
  const text = caseText(words, c);
  const article = el('article', 'wrong-way-case');
  article.dataset.case = c.id;
  const verdict = el('p', 'wrong-way-verdict');
  const code = c.code
    ? Object.assign(el('a', 'wrong-way-code', `error[${c.code}]`), {
      href: `https://doc.rust-lang.org/error_codes/${c.code}.html`,
      title: words.t('wrongWay.codeLink', { code: c.code }),
    })
    : el('span', 'wrong-way-code', words.t('wrongWay.noCode'));
  const rule = el('span', 'wrong-way-rule');
  rule.dataset.rule = c.rule;
  rule.append(el('span', 'muted', `${words.t('wrongWay.rule')} `), el('strong', null, text.rule));
  verdict.append(code, rule);
  const why = prose('p', 'wrong-way-why', text.why);
  const fix = prose('p', 'wrong-way-fix', text.fix);
  fix.prepend(el('strong', null, `${words.t('wrongWay.fix')} `));
  article.append(el('h3', 'wrong-way-case-title', text.title), verdict, why,
    diffFigure(c, text, words), rustcFigure(c, text, words), fix);
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

function diffFigure(c, text, words) {
  const figure = el('figure', 'wrong-way-figure');
  const caption = el('figcaption', 'muted small');
  caption.append(`${words.t('wrongWay.diffCaption')} `, el('span', 'diff-key-del', `− ${words.t('wrongWay.broken')}`), ' ',
    el('span', 'diff-key-add', `+ ${words.t('wrongWay.fixed')}`));
  const pre = scrollingPre('wrong-way-diff', words.t('wrongWay.diffLabel', { title: text.title }));
  const code = el('code', 'hljs language-rust');
  for (const row of diffRows(diffLines(c.broken, c.fixed))) {
    const line = el(row.kind === 'del' ? 'del' : row.kind === 'add' ? 'ins' : 'span', `diff-line diff-${row.kind}`);
    const mark = el('span', 'diff-mark', row.kind === 'del' ? '−' : row.kind === 'add' ? '+' : ' ');
    mark.setAttribute('aria-hidden', 'true');
    line.append(mark);
    if (row.kind !== 'same') {
      line.append(el('span', 'visually-hidden', `${words.t(row.kind === 'del' ? 'wrongWay.broken' : 'wrongWay.fixed')}: `));
    }
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

function rustcFigure(c, text, words) {
  const figure = el('figure', 'wrong-way-figure');
  const caption = el('figcaption', 'muted small');
  // `cargo check` and the file are code wherever the language puts them in the sentence.
  for (const part of words.t('wrongWay.rustcCaption').split(/(\{command\}|\{path\})/)) {
    if (part === '{command}') caption.append(el('code', null, 'cargo check'));
    else if (part === '{path}') caption.append(el('code', null, c.brokenPath));
    else if (part) caption.append(part);
  }
  const pre = scrollingPre('wrong-way-rustc', words.t('wrongWay.rustcLabel', { title: text.title }));
  const code = el('code');
  const rendered = c.diagnostics.map((d) => d.rendered).join('').trimEnd();
  for (const segment of ansiSegments(rendered)) {
    code.append(segment.classes.length > 0 ? el('span', segment.classes.join(' '), segment.text) : segment.text);
  }
  pre.append(code);
  figure.append(caption, pre);
  return figure;
}
