// Parameter controls, generated from an example's declared parameters (playground.examples).
// The page does not validate: Rust checks every value at the boundary and names the culprit.
// Words (labels, descriptions, choices) come from the catalog by the parameter's id; an option's
// value stays its id, its text is its label.
import { rich } from './i18n.js';
import { optionLabel, paramText } from './wording.js';

export function renderParams(form, example, values, words) {
  form.replaceChildren();
  for (const name of example.paramOrder) {
    const spec = example.params[name];
    const id = `param-${name}`;
    const row = document.createElement('div');
    row.className = 'param';
    const label = document.createElement('label');
    label.htmlFor = id;
    const text = paramText(words, example.id, name);
    label.append(rich(text.label));
    const hint = document.createElement('span');
    hint.className = 'hint';
    let input;
    if (spec.options) {
      input = document.createElement('select');
      // An <option> holds text only: a `code` span shows without its backticks.
      for (const option of spec.options) {
        input.add(new Option(optionLabel(words, example.id, name, option).replaceAll('`', ''), option));
      }
      hint.append(rich(text.description));
    } else {
      input = document.createElement('input');
      input.type = 'number';
      input.min = spec.min;
      input.max = spec.max;
      input.step = 1;
      hint.append(rich(text.description), ` (${words.number(spec.min)}–${words.number(spec.max)})`);
    }
    input.id = id;
    input.name = name;
    input.value = values?.[name] ?? spec.default;
    input.setAttribute('aria-describedby', `${id}-hint`);
    hint.id = `${id}-hint`;
    row.append(label, input, hint);
    form.append(row);
  }
}

/**
 * Enter in a field runs, as in any form. The browser's own implicit submission does not: the
 * form has several fields and its buttons sit outside it.
 */
export function runOnEnter(form, run) {
  form.addEventListener('submit', (event) => { event.preventDefault(); run(); });
  form.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !(event.target instanceof HTMLInputElement)) return;
    event.preventDefault();
    run();
  });
}

/** The form's values as typed (strings), to draw the form again with them (a language switch). */
export function formValues(form, example) {
  return Object.fromEntries(example.paramOrder.map((name) => [name, form.elements.namedItem(name)?.value]));
}

/** The form's values as the run's params: numbers as numbers (an empty field is NaN). */
export function readParams(form, example) {
  const params = {};
  for (const name of example.paramOrder) {
    const input = form.elements.namedItem(name);
    params[name] = example.params[name].options ? input.value : numberOf(input.value);
  }
  return params;
}

function numberOf(text) {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** Marks the input of the parameter an error names (a ParamError's `param`), clears the others. */
export function markInvalid(form, error) {
  const named = error?.name === 'ParamError' ? error.param : undefined;
  for (const input of form.querySelectorAll('input, select')) {
    const bad = named !== undefined && input.name === named;
    input.setAttribute('aria-invalid', String(bad));
    if (bad) input.setAttribute('aria-errormessage', 'error');
    else input.removeAttribute('aria-errormessage');
  }
}
