/** Boxes of one type the investigative agency got wrong. */
export interface TypeCount {
  readonly redactionType: string;
  readonly count: number;
}

/**
 * The optional under/over-redaction entry of a save, for a document that came from an investigative agency
 * (e.g. a police force): what it left unredacted or redacted needlessly, by type, and whether the document
 * went back to it. Management information only: no document text.
 */
export interface AgencyFeedback {
  readonly agency: string;
  readonly agencyUnit?: string;
  readonly underRedactions: readonly TypeCount[];
  readonly overRedactions: readonly TypeCount[];
  readonly returnedToAgency: boolean;
}

/** Copies a request's agency feedback into ours (from the validated body of either save). */
export function agencyFeedbackOf(body: AgencyFeedback): AgencyFeedback {
  return {
    agency: body.agency,
    ...(body.agencyUnit === undefined ? {} : { agencyUnit: body.agencyUnit }),
    underRedactions: body.underRedactions.map((item) => ({ redactionType: item.redactionType, count: item.count })),
    overRedactions: body.overRedactions.map((item) => ({ redactionType: item.redactionType, count: item.count })),
    returnedToAgency: body.returnedToAgency,
  };
}
