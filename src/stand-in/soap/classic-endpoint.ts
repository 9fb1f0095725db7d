import type { IncomingMessage, ServerResponse } from 'node:http';
import iconv from 'iconv-lite';
import * as soap from 'soap';
import type { CmsCode } from '../cms-fault.js';
import type { FaultInjector } from '../fault-injection.js';
import type { StandInCms } from '../stand-in-cms.js';
import { classicService } from './classic-service.js';

export const SOAP_PATH = '/cms/classic';
const XML_DECLARATION = /^<\?xml version="1\.0" encoding="utf-8"\?>/i;
const WIN1252_DECLARATION = '<?xml version="1.0" encoding="windows-1252"?>';
const FORBIDDEN_MARKUP = /<!DOCTYPE|<!ENTITY/i;

/** Characters Windows-1252 cannot carry are written as XML character references. */
export function toWindows1252(xml: string): Buffer {
  const escaped = xml.replace(/[^ -~\t\n\r]/gu, (char) => {
    const roundTrip = iconv.decode(iconv.encode(char, 'win1252'), 'win1252');
    return roundTrip === char ? char : `&#x${char.codePointAt(0)!.toString(16)};`;
  });
  return iconv.encode(escaped, 'win1252');
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A SOAP 1.1 fault envelope written by hand, for failures before node-soap sees the request. */
export function faultEnvelope(code: CmsCode, message: string): string {
  const faultcode = code.startsWith('9') ? 'soap:Server' : 'soap:Client';
  return (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>' +
    `<faultcode>${faultcode}</faultcode><faultstring>${escapeXml(message)}</faultstring>` +
    `<detail><CmsFault xmlns="urn:legacy-cms:casework:v1"><Code>${code}</Code><Message>${escapeXml(message)}</Message></CmsFault></detail>` +
    '</soap:Fault></soap:Body></soap:Envelope>'
  );
}

export interface ClassicEndpoint {
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer | null): Promise<void>;
}

/** The classic SOAP API: node-soap (serverless mode) behind our own HTTP handling for the legacy quirks. */
export async function createClassicEndpoint(cms: StandInCms, wsdlXml: string, faults: FaultInjector, soapUrl: () => string): Promise<ClassicEndpoint> {
  const server = await new Promise<soap.Server>((resolve, reject) => {
    const created: soap.Server = soap.listen(null, {
      path: SOAP_PATH,
      services: classicService(cms),
      xml: wsdlXml,
      suppressStack: true,
      callback: (error: unknown) => (error ? reject(error instanceof Error ? error : new Error('WSDL could not be loaded')) : resolve(created)),
    });
  });

  const send = (res: ServerResponse, status: number, xml: string, extraHeaders: Record<string, string> = {}) => {
    const body = toWindows1252(xml.replace(XML_DECLARATION, WIN1252_DECLARATION));
    res.writeHead(status, { 'Content-Type': 'text/xml; charset=windows-1252', 'Content-Length': body.length, ...extraHeaders });
    res.end(body);
  };

  return {
    async handle(req, res, body) {
      const action = await faults.before('soap');
      if (action === 'hang') return;
      if (action === 'outage') {
        req.socket.destroy();
        return;
      }
      if (action === 'error') return send(res, 500, faultEnvelope('9999', 'Internal error (injected)'));

      if (req.method === 'GET') {
        if (!(req.url ?? '').toLowerCase().includes('?wsdl')) {
          res.writeHead(404, { 'Content-Type': 'text/plain' }).end('append ?wsdl');
          return;
        }
        const wsdl = wsdlXml.replace(/(<soap:address location=")[^"]*(")/, `$1${soapUrl()}$2`);
        res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' }).end(wsdl);
        return;
      }
      if (req.method !== 'POST' || body === null) {
        res.writeHead(405, { Allow: 'GET, POST' }).end();
        return;
      }
      const xml = body.toString('utf8');
      if (FORBIDDEN_MARKUP.test(xml)) return send(res, 500, faultEnvelope('4001', 'DOCTYPE and entity declarations are not accepted'));

      const answer = await server.processRequest(xml, { url: SOAP_PATH, headers: req.headers });
      let responseXml = answer.body;
      let status = answer.statusCode;
      if (!responseXml.includes('Envelope')) {
        // node-soap could not parse or bind the request; it answers plain text, the legacy CMS a fault.
        responseXml = faultEnvelope('4001', 'Invalid SOAP request');
        status = 500;
      }
      const settings = faults.for('soap');
      const headers: Record<string, string> = /<(?:\w+:)?Code>9001</.test(responseXml) ? { 'Retry-After': '1' } : {};
      if (settings.doctypeXml) {
        responseXml = responseXml.replace(
          XML_DECLARATION,
          '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY boom "boom">]>',
        );
        responseXml = responseXml.replace('<soap:Body>', '<soap:Body>&xxe;&boom;');
      }
      if (settings.malformedXml) responseXml = responseXml.slice(0, Math.floor(responseXml.length / 2));
      send(res, status, responseXml, headers);
    },
  };
}

