import type { components } from '../../api/schema';
import { TYPE_FOR_CATEGORY } from '../redaction/redaction-api';

type Schemas = components['schemas'];
export type RedactionPlan = Schemas['RedactionPlanDto'];
export type PlanDocument = Schemas['PlanDocumentDto'];
export type PlanBox = Schemas['PlanBoxDto'];
export type PlanBoxOrigin = Schemas['PlanBoxOriginDto'];
export type SuggestionCategory = Schemas['SuggestionCategory'];
export type PersonCategory = NonNullable<Schemas['PlanPersonDto']['categories']>[number];

export const PERSON_CATEGORIES: readonly PersonCategory[] = ['name', 'address', 'postcode', 'phone', 'dob'];
export const SUGGESTION_CATEGORIES: readonly SuggestionCategory[] = ['name', 'address', 'postcode', 'dob', 'phone', 'email', 'ni-number', 'vehicle-reg', 'sort-code', 'account-number'];

export const CATEGORY_LABELS: Readonly<Record<SuggestionCategory, string>> = {
  name: 'Name',
  address: 'Address',
  postcode: 'Postcode',
  dob: 'Date of birth',
  phone: 'Phone number',
  email: 'E-mail address',
  'ni-number': 'National Insurance number',
  'vehicle-reg': 'Vehicle registration',
  'sort-code': 'Sort code',
  'account-number': 'Account number',
};

export type RedactionTypeCatalog = ReadonlyMap<string, string>;

/**
 * The label of the type a box will be saved with (ADR 0031: it follows from what found it, by TYPE_FOR_CATEGORY),
 * or null when it is saved untyped (a term's box, or a type the deployment does not configure; logged as unspecified).
 */
export function redactionTypeLabel(origin: PlanBoxOrigin, types: RedactionTypeCatalog): string | null {
  if (origin.kind === 'term' || origin.category === undefined) return null;
  return types.get(TYPE_FOR_CATEGORY[origin.category]) ?? null;
}

export interface PersonName {
  readonly kind: 'witness' | 'defendant';
  readonly id: string;
  readonly name: string;
}

/** What found a box, in words: "Term 1", "Jane Fairweather (witness): name", "Phone number". */
export function originLabel(origin: PlanBoxOrigin, plan: RedactionPlan, people: readonly PersonName[]): string {
  switch (origin.kind) {
    case 'term':
      return `Term ${(origin.termIndex ?? 0) + 1}`;
    case 'person': {
      const selector = plan.selectors.people[origin.personIndex ?? 0];
      const person = people.find((each) => each.kind === selector?.kind && each.id === selector.id);
      const who = person === undefined ? `${selector?.kind ?? 'person'} ${selector?.id ?? ''}`.trim() : `${person.name} (${person.kind})`;
      return origin.category === undefined ? who : `${who}: ${CATEGORY_LABELS[origin.category].toLowerCase()}`;
    }
    case 'category':
      return origin.category === undefined ? 'Category' : CATEGORY_LABELS[origin.category];
  }
}

export const BLOCK_REASONS: Readonly<Record<string, string>> = {
  ATTACHMENT_NOT_REDACTABLE: 'An attachment unpacked from an e-mail is not a document of the legacy CMS: redact the e-mail instead.',
  TOO_MANY_MATCHES: 'This document has more matches than one redaction may apply: redact it on its own.',
};

export const SKIP_REASONS: Readonly<Record<string, string>> = {
  REJECTED: 'Rejected in review',
  NO_BOXES_ACCEPTED: 'No box accepted',
  DOCUMENT_VERSION_NOT_CURRENT: 'A newer version exists: not redacted blindly',
  DOCUMENT_NOT_FOUND: 'No longer in the case',
  ATTACHMENT_NOT_REDACTABLE: 'An e-mail attachment',
  TOO_MANY_MATCHES: 'Too many matches for one redaction',
};

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Plans this browser built or opened, per case: the API has no list of a case's plans. */
export interface RememberedPlan {
  readonly planId: string;
  readonly createdAt: string;
}

const storageKey = (caseId: string) => `casework.redaction-plans.${caseId}`;
const MAX_REMEMBERED = 20;

export function rememberedPlans(caseId: string): RememberedPlan[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(storageKey(caseId)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((each): each is RememberedPlan => typeof each === 'object' && each !== null && typeof (each as RememberedPlan).planId === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberPlan(caseId: string, plan: RememberedPlan): void {
  const others = rememberedPlans(caseId).filter((each) => each.planId !== plan.planId);
  window.localStorage.setItem(storageKey(caseId), JSON.stringify([plan, ...others].slice(0, MAX_REMEMBERED)));
}

export function forgetPlan(caseId: string, planId: string): void {
  window.localStorage.setItem(storageKey(caseId), JSON.stringify(rememberedPlans(caseId).filter((each) => each.planId !== planId)));
}

export const PLAN_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
