import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { IExOptions, IHeaders, IHttpClient } from 'soap';
import { requestContext } from '../../common/request-context.js';
import { retryAfterSeconds } from '../legacy-code.mapper.js';
import { decodeLegacyText } from '../legacy.mapper.js';
import { LegacyDeadline, httpStatusToDomainError, transportErrorToDomainError } from '../transport-error.mapper.js';
import { assertSafeXml } from './xml-hardening.js';

/** Per-call options the SOAP client passes through node-soap to the transport. */
export interface SoapCallOptions {
  readonly correlationId?: string;
}

type SoapCallback = (error: unknown, response?: unknown, body?: unknown) => unknown;

const SOAP_FAULT = /<(?:[\w.-]+:)?Fault[\s>/]/;

/**
 * node-soap's transport, replaced so that every Classic call: carries X-Correlation-Id, has a
 * hard deadline, is decoded by its charset (the legacy CMS answers windows-1252), and is
 * refused if it declares a DOCTYPE or ENTITY, before node-soap's parser ever sees it.
 * Transport failures and non-SOAP error statuses reach node-soap's callback as DomainErrors.
 */
export class LegacySoapHttpClient implements IHttpClient {
  private readonly http: AxiosInstance;

  constructor(private readonly timeoutMs: number) {
    this.http = axios.create({ maxRedirects: 0 });
  }

  request(rurl: string, data: unknown, callback: SoapCallback, exheaders?: IHeaders, exoptions?: IExOptions): ReturnType<IHttpClient['request']> {
    const options = (exoptions ?? {}) as SoapCallOptions;
    const correlationId = options.correlationId ?? requestContext.current()?.correlationId;
    const deadline = new LegacyDeadline(this.timeoutMs);
    const headers: Record<string, string> = { Accept: 'text/xml', ...stringHeaders(exheaders) };
    if (correlationId) headers['X-Correlation-Id'] = correlationId;

    const exchange = this.http
      .request<ArrayBuffer>({
        url: rurl,
        method: data ? 'POST' : 'GET',
        data,
        headers,
        responseType: 'arraybuffer',
        signal: deadline.signal,
        validateStatus: () => true,
        transformResponse: (body: unknown) => body,
      })
      .then(
        (response) => {
          deadline.clear();
          let body: string;
          try {
            body = this.readBody(response);
          } catch (error) {
            callback(error);
            return undefined;
          }
          callback(null, { ...response, data: body }, body);
          return response;
        },
        (error: unknown) => {
          deadline.clear();
          callback(transportErrorToDomainError(error, 'Classic (SOAP)', deadline.timedOut));
          return undefined;
        },
      )
      // node-soap's callback does not throw; should it ever, the promise must not go unhandled.
      .catch(() => undefined);
    return exchange as unknown as ReturnType<IHttpClient['request']>;
  }

  /** The decoded, vetted body; throws a DomainError for what node-soap must not parse. */
  private readBody(response: AxiosResponse<ArrayBuffer>): string {
    const contentType = response.headers['content-type'] as string | undefined;
    const text = decodeLegacyText(Buffer.from(response.data), contentType);
    assertSafeXml(text);
    if (response.status >= 400 && !SOAP_FAULT.test(text)) {
      throw httpStatusToDomainError(response.status, 'Classic (SOAP)', retryAfterSeconds(response.headers['retry-after']));
    }
    return text;
  }
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined && value !== null) result[name] = String(value);
  }
  return result;
}
