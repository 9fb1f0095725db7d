import { TrafficContract } from '../openapi/traffic-contract.js';
import type { AnswerCheck } from './facade-cluster.js';

/** Checks an answer read from a facade process against openapi.yaml: status, headers, content type and JSON body. */
export function openApiAnswerCheck(): AnswerCheck {
  const contract = TrafficContract.load();
  return ({ method, pathname }, answer, isJson) => {
    if (TrafficContract.isExempt(pathname)) return [];
    const expectation = contract.expect({ method, url: pathname, status: answer.status, headers: Object.fromEntries(answer.headers) });
    return [...expectation.violations, ...(isJson && expectation.body !== null ? expectation.body(answer.body) : [])];
  };
}
