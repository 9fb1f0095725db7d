import type { TextMatch } from '../suggestion.types.js';
import { allMatches, patternMatch } from './pattern-support.js';

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}(?![\p{L}\p{N}-])/gu;
/**
 * Role mailboxes (a team's, an office's, a system's) name no one, so they are not personal data
 * (ICO guidance): info@, case.team@, no-reply@, enquiries@ … are left alone.
 */
const ROLE_WORDS = /^(?:info|enquiries|enquiry|admin|administrator|office|team|support|help|helpdesk|contact|mail|mailbox|postmaster|webmaster|hostmaster|noreply|no|reply|donotreply|do|not|sales|accounts|registry|reception|general|duty|unit|casework|case|cases|witness|care|disclosure|court|listings|secure|cjsm)$/i;

export function isRoleMailbox(address: string): boolean {
  const local = address.slice(0, address.indexOf('@'));
  const words = local.split(/[._+-]+/).filter(Boolean);
  return words.length > 0 && words.every((word) => ROLE_WORDS.test(word));
}

export function findEmailAddresses(text: string): TextMatch[] {
  return allMatches(EMAIL, text)
    .filter((match) => !match[0].startsWith('.') && !match[0].includes('..') && !isRoleMailbox(match[0]))
    .map((match) => patternMatch(match, 'email', 0.95));
}
