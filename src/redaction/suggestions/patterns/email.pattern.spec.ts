import { describe, expect, it } from '@jest/globals';
import { findEmailAddresses, isRoleMailbox } from './email.pattern.js';

const emails = (text: string): string[] => findEmailAddresses(text).map((match) => text.slice(match.start, match.end));

describe('findEmailAddresses', () => {
  it('finds addresses in prose, angle brackets and before punctuation', () => {
    expect(emails('From: Zoë Oakhollow <zoe.oakhollow@example.org>')).toEqual(['zoe.oakhollow@example.org']);
    expect(emails('write to j_smith+cases@mail.example.co.uk.')).toEqual(['j_smith+cases@mail.example.co.uk']);
  });

  it('ignores things that are not addresses', () => {
    expect(emails('meet @ 10, user@localhost, twitter @handle, a@b.c')).toEqual([]);
  });

  it('leaves role mailboxes alone: they name no one', () => {
    expect(emails('To: case.team@example.org, info@example.com, no-reply@example.net; Cc: oswin.case@example.org')).toEqual(['oswin.case@example.org']);
    expect(isRoleMailbox('witness.care@example.org')).toBe(true);
    expect(isRoleMailbox('amelie.team@example.org')).toBe(false);
  });
});
