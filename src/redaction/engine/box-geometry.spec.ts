import { describe, expect, test } from '@jest/globals';
import { boxesOverlap, widenToWords, wordsToKeep } from './box-geometry.js';

const word = (text: string, x: number, y = 10, width = 20, height = 10) => ({ text, box: { x, y, width, height } });

describe('box geometry', () => {
  test('touching edges do not overlap; shared area does', () => {
    expect(boxesOverlap({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 5, height: 5 })).toBe(false);
    expect(boxesOverlap({ x: 0, y: 0, width: 10, height: 10 }, { x: 9.5, y: 9.5, width: 5, height: 5 })).toBe(true);
  });

  test('wordsToKeep drops words touched by a box and words off the visible page', () => {
    const words = [word('kept', 0), word('hit', 30), word('grazed', 60), word('outside', 500), word(' ', 90)];
    const kept = wordsToKeep(words, [{ x: 35, y: 12, width: 30, height: 2 }], { width: 400, height: 400 });
    expect(kept.map((candidate) => candidate.text)).toEqual(['kept']);
  });

  test('widenToWords grows each box over every word it touches, once', () => {
    const [widened] = widenToWords([{ x: 15, y: 12, width: 20, height: 2 }], [word('left', 0), word('right', 30), word('far', 200)]);
    expect(widened).toEqual({ x: 0, y: 10, width: 50, height: 10 });
  });
});
