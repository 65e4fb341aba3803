// The figure registry: disposing a container disposes the figures in it, once, and no others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { disposeFigures, liveFigureCount, registerFigure } from '../../www/app/figures.js';

/** Just enough of an element for the registry: a parent and contains(). */
function node(parent = null) {
  return {
    parent,
    contains(other) {
      for (let n = other; n; n = n.parent) if (n === this) return true;
      return false;
    },
  };
}

test('disposeFigures disposes the figures inside a container, each once, and leaves the rest', () => {
  const page = node();
  const left = node(page);
  const right = node(page);
  const disposed = [];
  const figure = (parent, name) => {
    const element = node(node(parent));
    registerFigure(element, () => disposed.push(name));
    return element;
  };
  figure(left, 'a');
  figure(left, 'b');
  const c = figure(right, 'c');
  assert.equal(liveFigureCount(), 3);

  disposeFigures(left);
  assert.deepEqual(disposed, ['a', 'b']);
  assert.equal(liveFigureCount(), 1);
  disposeFigures(left);
  assert.deepEqual(disposed, ['a', 'b'], 'a second dispose of the same container does nothing');

  disposeFigures(c);
  assert.deepEqual(disposed, ['a', 'b', 'c'], 'a figure is inside itself');
  assert.equal(liveFigureCount(), 0);
});
