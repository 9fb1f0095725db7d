import { describe, expect, it } from '@jest/globals';
import { PROCESSING_FAILURE_REASONS } from '../conversion/processing-failure.js';
import { explainFailure, FAILURE_CODES, FAILURE_EXPLANATIONS } from './failure-explanation.js';

describe('failure explanations', () => {
  it('explain every processing failure code and FETCH_FAILED with a sentence and an action', () => {
    expect([...FAILURE_CODES].sort()).toEqual([...PROCESSING_FAILURE_REASONS, 'FETCH_FAILED'].sort());
    for (const code of FAILURE_CODES) {
      const { message, action } = FAILURE_EXPLANATIONS[code];
      expect(message).toMatch(/^[A-Z].{15,}\.$/);
      expect(action).toMatch(/^[A-Z].{15,}\.$/);
      expect(message).not.toBe(action);
    }
  });

  it('answers the code with its sentence, and a generic one for a code it does not know', () => {
    expect(explainFailure('PASSWORD_PROTECTED')).toEqual({ code: 'PASSWORD_PROTECTED', ...FAILURE_EXPLANATIONS.PASSWORD_PROTECTED });
    expect(explainFailure('SOMETHING_NEW')).toMatchObject({ code: 'SOMETHING_NEW', message: expect.stringMatching(/could not be processed/) });
  });
});
