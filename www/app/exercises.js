// An example's exercises (examples.<id>.exercises of the catalogs, the same list as the
// "## Exercises" of crate/src/lib.rs) as a numbered list in a collapsed <details>: the page
// shows it under "what to look for", the widget inside its code section.
import { rich } from './i18n.js';

/**
 * Fills `list` (an <ol>) with `items` (strings, `backticks` = code) and hides `details` when
 * there are none. Whether it is open stays as the reader left it.
 */
export function showExercises(details, list, items) {
  list.replaceChildren(...items.map((item) => {
    const li = document.createElement('li');
    li.append(rich(item));
    return li;
  }));
  details.hidden = items.length === 0;
}
