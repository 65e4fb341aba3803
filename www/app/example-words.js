// An example's words where the page and the widget show them: its title, its summary, "what to
// look for", and its exercises (examples.<id>.exercises of the catalogs, the same list as the
// "## Exercises" of crate/src/lib.rs) as a numbered list in a collapsed <details> (the page
// under "what to look for", the widget inside its code section).
import { rich } from './i18n.js';
import { exampleText } from './wording.js';

/**
 * Fills `ui.title`, `ui.summary`, `ui.lookFor` and the exercises (`ui.exerciseList`, an <ol>,
 * in `ui.exercises`, hidden when there are none) with example `id`'s words. Whether the
 * exercises are open stays as the reader left it.
 */
export function showExampleWords(ui, words, id) {
  const text = exampleText(words, id);
  ui.title.replaceChildren(rich(text.title));
  ui.summary.replaceChildren(rich(text.summary));
  ui.lookFor.replaceChildren(words.t('common.lookFor'), ' ', rich(text.lookFor));
  showExercises(ui, text.exercises);
}

/** The exercises, `items` (strings, `backticks` = code), in `ui.exerciseList`. */
export function showExercises(ui, items) {
  ui.exerciseList.replaceChildren(...items.map((item) => {
    const li = document.createElement('li');
    li.append(rich(item));
    return li;
  }));
  ui.exercises.hidden = items.length === 0;
}
