import { describe, expect, it } from '@jest/globals';
import { scoreSuggestions } from './suggestion-scoring.js';

describe('scoreSuggestions', () => {
  it('counts distinct items per document, matching category and normalised text', () => {
    const score = scoreSuggestions([
      {
        planted: [
          { category: 'name', text: 'Amélie Quillfeather' },
          { category: 'phone', text: '07700 900123' },
          { category: 'postcode', text: 'QX12 3AB' },
        ],
        suggestions: [
          { category: 'name', text: 'AMELIE  quillfeather' },
          { category: 'name', text: 'Amélie Quillfeather' },
          { category: 'name', text: 'Quillfeather' },
          { category: 'phone', text: '07700 900123' },
          { category: 'address', text: 'QX12 3AB' },
        ],
      },
      { planted: [{ category: 'phone', text: '07700 900999' }], suggestions: [] },
    ]);
    expect(score.overall).toMatchObject({ suggested: 4, truePositives: 2, planted: 4, found: 2, precision: 0.5, recall: 0.5 });
    expect(score.categories.find((entry) => entry.category === 'name')).toMatchObject({ precision: 0.5, recall: 1 });
    expect(score.categories.find((entry) => entry.category === 'phone')).toMatchObject({ precision: 1, recall: 0.5 });
    expect(score.categories.find((entry) => entry.category === 'email')).toMatchObject({ precision: null, recall: null });
    expect(score.falsePositives).toEqual([{ category: 'name', text: 'Quillfeather' }, { category: 'address', text: 'QX12 3AB' }]);
    expect(score.falseNegatives).toEqual([{ category: 'postcode', text: 'QX12 3AB' }, { category: 'phone', text: '07700 900999' }]);
  });
});
