import { fileURLToPath } from 'node:url';
import { createClientAsync, type Client } from 'soap';
import { DomainError } from '../../common/domain-error.js';
import { safeCause } from '../transport-error.mapper.js';
import { soapFaultToDomainError } from './soap-fault.mapper.js';
import { LegacySoapHttpClient, type SoapCallOptions } from './soap-http.client.js';

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

/** A response element as node-soap parsed it; the adapter reads it field by field. */
export type SoapRecord = Readonly<Record<string, unknown>>;

type AsyncSoapMethod = (args: unknown, options?: SoapCallOptions) => Promise<[unknown, ...unknown[]]>;

export const CASEWORK_WSDL_PATH = fileURLToPath(new URL('./casework-classic.wsdl', import.meta.url));

/**
 * The Classic (SOAP 1.1) API, built from the committed WSDL with the endpoint taken from
 * config. The node-soap client is created on first use, and again after a failed creation,
 * so start-up never depends on the legacy CMS.
 */
export class CaseworkSoapClient {
  private client: Promise<Client> | null = null;

  constructor(
    private readonly soapUrl: string,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Calls one operation. `args` keys must be in WSDL sequence order. Rejects with DomainError;
   * a legacy 1001 is a LegacySessionExpiredError.
   */
  async call(operation: CaseworkOperation, args: Record<string, string>, correlationId: string): Promise<SoapRecord> {
    const client = await this.getClient();
    const method = (client as unknown as Record<string, AsyncSoapMethod | undefined>)[`${operation}Async`];
    if (!method) throw new DomainError('INTERNAL', `the Classic WSDL has no operation ${operation}`);
    try {
      const [result] = await method.call(client, args, { correlationId });
      return typeof result === 'object' && result !== null ? (result as SoapRecord) : {};
    } catch (error) {
      throw soapFaultToDomainError(error);
    }
  }

  private getClient(): Promise<Client> {
    if (!this.client) {
      const creating = createClientAsync(CASEWORK_WSDL_PATH, {
        endpoint: this.soapUrl,
        httpClient: new LegacySoapHttpClient(this.timeoutMs),
        disableCache: true,
      });
      this.client = creating;
      void creating.catch(() => {
        if (this.client === creating) this.client = null;
      });
    }
    return this.client.catch((error: unknown) => {
      throw new DomainError('LEGACY_UNAVAILABLE', 'could not build the Classic (SOAP) client', {}, { cause: safeCause(error) });
    });
  }
}
