import { DomainError } from '../../common/domain-error.js';

/** What a box without a type is counted as (clients that predate typed redactions; ADR 0029). */
export const UNSPECIFIED_TYPE = 'unspecified';
/** The type whose boxes carry a short free-text reason. */
export const OTHER_TYPE = 'other';
export const MAX_OTHER_REASON_LENGTH = 100;
export const REDACTION_TYPE_ID_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

const DEFAULT_LABELS: Readonly<Record<string, string>> = {
  'named-person': 'Named person',
  address: 'Address',
  phone: 'Phone number',
  'date-of-birth': 'Date of birth',
  'ni-number': 'National Insurance number',
  email: 'Email address',
  vehicle: 'Vehicle registration',
  'bank-details': 'Bank details',
  other: 'Other',
};

export interface RedactionType {
  readonly id: string;
  readonly label: string;
}

/** One box's type as a request gives it (rect, typed search term). */
export interface TypedItem {
  readonly redactionType?: string;
  readonly otherReason?: string;
}

/** The configured redaction types (REDACTION_TYPES), in their configured order. */
export class RedactionTypeCatalog {
  readonly types: readonly RedactionType[];
  private readonly ids: ReadonlySet<string>;

  constructor(
    entries: readonly string[],
    readonly typeRequired = false,
  ) {
    this.types = entries.map((entry) => {
      const [id, label] = entry.split('=', 2) as [string, string | undefined];
      return { id, label: label?.trim() || DEFAULT_LABELS[id] || id };
    });
    this.ids = new Set(this.types.map((type) => type.id));
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /**
   * The type a box is logged under. Unknown types, a missing type when types are required, `otherReason` on a type
   * other than `other` and `other` without one are VALIDATION_FAILED naming the field.
   */
  typeOf(item: TypedItem, field: string): string {
    const { redactionType, otherReason } = item;
    if (redactionType === undefined) {
      if (this.typeRequired) throw new DomainError('VALIDATION_FAILED', `${field}.redactionType is required.`, { field: `${field}.redactionType` });
      if (otherReason !== undefined) throw new DomainError('VALIDATION_FAILED', `${field}.otherReason is only for redactionType "other".`, { field: `${field}.otherReason` });
      return UNSPECIFIED_TYPE;
    }
    if (!this.has(redactionType)) {
      throw new DomainError('VALIDATION_FAILED', `${field}.redactionType must be one of the redaction types (GET /api/v1/redaction-types).`, { field: `${field}.redactionType` });
    }
    if (redactionType === OTHER_TYPE) {
      if (otherReason === undefined || otherReason.trim() === '') {
        throw new DomainError('VALIDATION_FAILED', `${field}.otherReason is required for redactionType "other".`, { field: `${field}.otherReason` });
      }
      // Callers inside the facade (sessions, plans) skip the HTTP DTO: the stored reason is bounded here too.
      if (otherReason.length > MAX_OTHER_REASON_LENGTH || /\p{Cc}/u.test(otherReason)) {
        throw new DomainError('VALIDATION_FAILED', `${field}.otherReason must be one line of at most ${MAX_OTHER_REASON_LENGTH} characters.`, { field: `${field}.otherReason` });
      }
    } else if (otherReason !== undefined) {
      throw new DomainError('VALIDATION_FAILED', `${field}.otherReason is only for redactionType "other".`, { field: `${field}.otherReason` });
    }
    return redactionType;
  }
}
