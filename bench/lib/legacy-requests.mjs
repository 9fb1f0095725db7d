// Requests straight to the stand-in exactly as the facade writes them (its own envelope writer, WSDL SOAPActions and
// GraphQL operation text, from dist/: build first), and a legacy session for a user.
import { loadOperation } from '../../dist/legacy/graphql/graphql.client.js';
import { classicContract } from '../../dist/legacy/classic-soap/casework-wsdl.js';
import { readSoapEnvelope } from '../../dist/legacy/classic-soap/soap-envelope.reader.js';
import { writeSoapEnvelope } from '../../dist/legacy/classic-soap/soap-envelope.writer.js';

/** A Classic (SOAP) request: { url, method, headers, body }. */
export function soapRequest(url, operation, args) {
  const { requestElement, soapAction } = classicContract().operations.get(operation);
  return { url, method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${soapAction}"` }, body: writeSoapEnvelope(requestElement, args) };
}

/** A GraphQL request with the facade's own operation text. */
export function graphqlRequest(url, session, operation, variables) {
  return {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cms-session': session },
    body: JSON.stringify({ query: loadOperation(operation), variables }),
  };
}

/** A legacy session token for `username`, opened on its behalf with the service account. */
export async function legacySession(standIn, username) {
  const login = soapRequest(standIn.soapUrl, 'AuthenticateOnBehalfOf', {
    ServiceUsername: standIn.serviceUsername,
    ServicePassword: standIn.servicePassword,
    OnBehalfOfUsername: username,
  });
  const answer = readSoapEnvelope(await (await fetch(login.url, login)).text(), classicContract().operations.get('AuthenticateOnBehalfOf').responseElement);
  if (answer.kind !== 'result') throw new Error(`the stand-in refused a session for ${username}`);
  return answer.result.SessionToken;
}
