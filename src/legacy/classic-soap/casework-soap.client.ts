import { DomainError } from '../../common/domain-error.js';
import { retryAfterSeconds } from '../legacy-code.mapper.js';
import { LegacyHttpClient, type LegacyHttpResponse } from '../legacy-http.client.js';
import { decodeLegacyText } from '../legacy.mapper.js';
import type { LegacyCallPolicy } from '../resilience/legacy-call.policy.js';
import { httpStatusToDomainError } from '../transport-error.mapper.js';
import { classicContract } from './casework-wsdl.js';
import { readSoapEnvelope, type SoapAnswer, type SoapRecord } from './soap-envelope.reader.js';
import { writeSoapEnvelope } from './soap-envelope.writer.js';
import { soapFaultToDomainError } from './soap-fault.mapper.js';

export type CaseworkOperation =
  | 'Authenticate'
  | 'AuthenticateOnBehalfOf'
  | 'FindCasesByUrn'
  | 'GetCaseSummary'
  | 'CheckCaseAccess'
  | 'GetDefendantsWithCharges'
  | 'GetDocumentInfo'
  | 'CheckOutDocument'
  | 'CancelCheckOut'
  | 'BeginCheckIn'
  | 'UploadChunk'
  | 'CompleteCheckIn'
  | 'AddNote'
  | 'Ping';

/** Operations that change the legacy CMS: never sent twice by the transport. */
const WRITES: ReadonlySet<CaseworkOperation> = new Set(['CheckOutDocument', 'CancelCheckOut', 'BeginCheckIn', 'UploadChunk', 'CompleteCheckIn', 'AddNote']);

export type { SoapRecord } from './soap-envelope.reader.js';

/**
 * The Classic (SOAP 1.1, document/literal) API. Each call writes the request envelope, posts it
 * with X-Correlation-Id under a hard deadline, decodes the answer by its charset (the legacy CMS
 * answers windows-1252), refuses any DOCTYPE or ENTITY, and reads the result or fault.
 * node-soap's generic client did the same from the WSDL at run time, at about three times the
 * CPU of the rest of a facade request; ADR 0007.
 */
export class CaseworkSoapClient {
  private readonly http: LegacyHttpClient;

  constructor(
    private readonly soapUrl: string,
    timeoutMs: number,
    /** Deadline, retries of reads, breaker and bulkhead (none: each call just has `timeoutMs`). */
    private readonly policy: LegacyCallPolicy | null = null,
    maxSockets?: number,
  ) {
    this.http = new LegacyHttpClient('Classic (SOAP)', timeoutMs, undefined, maxSockets);
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.http.close();
  }

  /**
   * Calls one operation. `args` keys must be in WSDL sequence order. Rejects with DomainError;
   * a legacy 1001 is a LegacySessionExpiredError.
   */
  call(operation: CaseworkOperation, args: Record<string, string>, correlationId: string): Promise<SoapRecord> {
    if (this.policy === null) return this.callOnce(operation, args, correlationId);
    return this.policy.run(!WRITES.has(operation), (timeoutMs) => this.callOnce(operation, args, correlationId, timeoutMs));
  }

  /** Ping, outside the policy: readiness observes the legacy CMS itself, whatever the breaker says. */
  ping(correlationId: string): Promise<SoapRecord> {
    return this.callOnce('Ping', {}, correlationId);
  }

  private async callOnce(operation: CaseworkOperation, args: Record<string, string>, correlationId: string, timeoutMs?: number): Promise<SoapRecord> {
    const contract = classicContract();
    const described = contract.operations.get(operation);
    if (described === undefined) throw new DomainError('INTERNAL', `the Classic WSDL has no operation ${operation}`);
    const headers: Record<string, string> = {
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: `"${described.soapAction}"`,
      Accept: 'text/xml',
      'X-Correlation-Id': correlationId,
    };
    const response = await this.http.send({ url: this.soapUrl, method: 'POST', headers, body: writeSoapEnvelope(described.requestElement, args), idempotent: !WRITES.has(operation) }, timeoutMs);
    const answer = readAnswer(response, described.responseElement, contract.repeatable);
    if (answer.kind === 'fault') throw soapFaultToDomainError(answer.fault, response.headers['retry-after']);
    return answer.result;
  }
}

const SOAP_FAULT = /<(?:[\w.-]+:)?Fault[\s>/]/;

/** The result or fault in the answer; an error status without a SOAP fault (a proxy's HTML page) by its status. */
function readAnswer(response: LegacyHttpResponse, expected: string, repeatable: ReadonlySet<string>): SoapAnswer {
  const xml = decodeLegacyText(response.body, response.headers['content-type']);
  if (response.status >= 400 && !SOAP_FAULT.test(xml)) {
    throw httpStatusToDomainError(response.status, 'Classic (SOAP)', retryAfterSeconds(response.headers['retry-after']));
  }
  return readSoapEnvelope(xml, expected, repeatable);
}
