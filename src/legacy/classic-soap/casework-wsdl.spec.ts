import { describe, expect, it } from '@jest/globals';
import { createClientAsync } from 'soap';
import type { CaseworkOperation } from './casework-soap.client.js';
import { CASEWORK_WSDL_PATH, classicContract, readClassicContract } from './casework-wsdl.js';

const ALL_OPERATIONS: readonly CaseworkOperation[] = [
  'Authenticate',
  'AuthenticateOnBehalfOf',
  'FindCasesByUrn',
  'GetCaseSummary',
  'CheckCaseAccess',
  'GetDefendantsWithCharges',
  'GetDocumentInfo',
  'CheckOutDocument',
  'CancelCheckOut',
  'BeginCheckIn',
  'UploadChunk',
  'CompleteCheckIn',
  'AddNote',
  'Ping',
];

describe('the committed Classic WSDL', () => {
  it('describes every operation the client calls, with the elements and SOAPAction node-soap reads from it', async () => {
    const nodeSoap = await createClientAsync(CASEWORK_WSDL_PATH);
    const port = Object.values(Object.values(nodeSoap.wsdl.definitions.services)[0].ports)[0];
    const contract = classicContract();
    expect([...contract.operations.keys()].sort()).toEqual([...ALL_OPERATIONS].sort());
    for (const operation of ALL_OPERATIONS) {
      const method = port.binding.methods[operation];
      expect(contract.operations.get(operation)).toEqual({
        requestElement: method.input.$name,
        responseElement: method.output.$name,
        soapAction: method.soapAction,
      });
    }
  });

  it('lists the elements that may repeat', () => {
    expect([...classicContract().repeatable].sort()).toEqual(['Case', 'Charge', 'Defendant']);
  });

  it('reads maxOccurs above one as repeatable, and one or absent as not', () => {
    const wsdl = '<xs:element name="A" maxOccurs="3"/><xs:element name="B" maxOccurs="1"/><xs:element name="C"/><element maxOccurs="unbounded" name="D"/>';
    expect([...readClassicContract(wsdl).repeatable].sort()).toEqual(['A', 'D']);
  });
});
