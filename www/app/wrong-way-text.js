// The pure parts of the "Try it the wrong way" view (app/wrong-way.js): a case's words, rustc's
// ANSI colours as class names, a line diff as rows, prose with `code` in it. No DOM here;
// unit-tested in node.

/**
 * `{ title, rule, why, fix }` of a case of wrong-way/cases.json (`{ example, case, rule }`) in
 * `words`' language: the catalog's `wrongWay.cases.<example>.<case>` and `wrongWay.rules.<rule>`.
 * cases.json keeps only what the build checks (the example, the case, the error, the rule's id).
 */
export function caseText(words, c) {
  const key = `wrongWay.cases.${c.example}.${c.case}`;
  return {
    title: words.t(`${key}.title`),
    rule: words.t(`wrongWay.rules.${c.rule}`),
    why: words.t(`${key}.why`),
    fix: words.t(`${key}.fix`),
  };
}

// SGR colour numbers: 30–37 and 90–97 (bright) foreground; 38;5;N with N < 16 is the same palette.
const COLOURS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

/**
 * Splits text with ANSI SGR escapes (what rustc prints with --json=diagnostic-rendered-ansi) into
 * `[{ text, classes }]`, each class one of `ansi-bold` and `ansi-<colour>` (bright and normal
 * colours share a class: the stylesheet gives each a theme colour). Escapes other than SGR are
 * dropped; colours it does not know (256-colour above 15, true colour) are left uncoloured.
 * Never style attributes: the site's CSP allows only its own stylesheets.
 */
export function ansiSegments(text) {
  const segments = [];
  let bold = false;
  let colour = null;
  const push = (part) => {
    if (part === '') return;
    const classes = [];
    if (bold) classes.push('ansi-bold');
    if (colour) classes.push(`ansi-${colour}`);
    const last = segments.at(-1);
    if (last && last.classes.join() === classes.join()) last.text += part;
    else segments.push({ text: part, classes });
  };
  // eslint-disable-next-line no-control-regex
  const escape = /\x1b\[([0-9;]*)([A-Za-z])/g;
  let at = 0;
  for (const match of text.matchAll(escape)) {
    push(text.slice(at, match.index));
    at = match.index + match[0].length;
    if (match[2] !== 'm') continue;
    const codes = match[1] === '' ? [0] : match[1].split(';').map(Number);
    for (let i = 0; i < codes.length; i++) {
      const n = codes[i];
      if (n === 0) [bold, colour] = [false, null];
      else if (n === 1) bold = true;
      else if (n === 22) bold = false;
      else if (n === 39) colour = null;
      else if (n >= 30 && n <= 37) colour = COLOURS[n - 30];
      else if (n >= 90 && n <= 97) colour = COLOURS[n - 90];
      else if (n === 38 && codes[i + 1] === 5) {
        const index = codes[i + 2];
        colour = index < 16 ? COLOURS[index % 8] : null;
        i += 2;
      } else if (n === 38 && codes[i + 1] === 2) {
        colour = null;
        i += 4;
      }
    }
  }
  push(text.slice(at));
  return segments;
}

/** The text without its escapes: what a screen reader or a copy gets. */
export const stripAnsi = (text) => ansiSegments(text).map((s) => s.text).join('');

/**
 * A line diff as rows `[{ kind: 'same' | 'del' | 'add', text }]`, one per line, from the
 * changes that the `diff` package's diffLines(broken, fixed) returns: `del` lines are the broken
 * program's only, `add` lines the fix's only.
 */
export function diffRows(changes) {
  const rows = [];
  for (const change of changes) {
    const kind = change.added ? 'add' : change.removed ? 'del' : 'same';
    const lines = change.value.split('\n');
    if (lines.at(-1) === '') lines.pop();
    for (const text of lines) rows.push({ kind, text });
  }
  return rows;
}

/** Prose with `code` spans: `[{ code: boolean, text }]`. An unpaired backtick stays as text. */
export function proseParts(text) {
  const parts = [];
  const pattern = /`([^`]+)`/g;
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > at) parts.push({ code: false, text: text.slice(at, match.index) });
    parts.push({ code: true, text: match[1] });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push({ code: false, text: text.slice(at) });
  return parts;
}
