// The page benchmark's choice of people (bench/pages/targets.ts): the growth mode asks the larger
// co-op's pages as people as busy as the smaller co-op's, so a page's growth is the co-op's size.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { likeForLike } from '../bench/pages/targets.ts';

const people = (...circles: number[]) => circles.map((n, i) => ({ email: `p${i}@example.org`, circles: n }));

test('each number gets the person in that many circles, or the nearest, and nobody twice', () => {
  const chosen = likeForLike(people(42, 34, 12, 12, 9, 8, 8, 7, 3), [28, 12, 12, 8, 8, 7]);
  assert.deepEqual(chosen.map((p) => p.circles), [34, 12, 12, 8, 8, 7]);
  assert.equal(new Set(chosen.map((p) => p.email)).size, chosen.length);
});

test('with fewer people than numbers, each person is asked once and the rest go unasked', () => {
  assert.deepEqual(likeForLike(people(5, 2), [9, 9, 9]).map((p) => p.circles), [5, 2]);
  assert.deepEqual(likeForLike([], [3]), []);
});
