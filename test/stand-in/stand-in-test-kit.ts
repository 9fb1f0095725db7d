import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import iconv from 'iconv-lite';
import * as soap from 'soap';
import { startStandIn, type RunningStandIn, type StandInOptions } from '../../src/stand-in/stand-in.js';
import { SteerableClock } from '../helpers/steerable-clock.js';

export interface StandInHarness {
  readonly standIn: RunningStandIn;
  readonly dataDir: string;
  /** The stand-in's clock for sessions and rate limits: real time until a test freezes it. */
  readonly clock: SteerableClock;
  stop(): Promise<void>;
}

export async function startHarness(options: Partial<StandInOptions> = {}): Promise<StandInHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'stand-in-'));
  const clock = new SteerableClock();
  const standIn = await startStandIn({ dataDir, now: clock.now, ...options });
  return {
    standIn,
    dataDir,
    clock,
    async stop() {
      await standIn.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A node-soap client built from the served WSDL that decodes the legacy Windows-1252 responses. */
export async function classicClient(standIn: RunningStandIn): Promise<soap.Client> {
  const request = axios.create({ responseType: 'arraybuffer' });
  request.interceptors.response.use((response) => {
    const contentType = String(response.headers['content-type'] ?? '');
    const charset = /charset=([^;]+)/i.exec(contentType)?.[1] ?? 'utf-8';
    response.data = iconv.decode(Buffer.from(response.data as ArrayBuffer), charset);
    return response;
  });
  return soap.createClientAsync(standIn.wsdlUrl, { request: request as never });
}

export async function adminFetch(standIn: RunningStandIn, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${standIn.adminUrl}${path}`, { ...init, headers: { 'X-Admin-Key': standIn.adminKey, ...(init.headers ?? {}) } });
}

/** Calls a classic operation and answers the CmsFault detail, or throws if the call succeeded. */
export async function expectCmsFault(call: Promise<unknown>): Promise<{ Code: string; Message: string; CheckedOutBy?: string }> {
  try {
    await call;
  } catch (error) {
    const fault = (error as { root?: { Envelope?: { Body?: { Fault?: { detail?: { CmsFault?: { Code: string; Message: string; CheckedOutBy?: string } } } } } } })
      .root?.Envelope?.Body?.Fault?.detail?.CmsFault;
    if (fault) return fault;
    throw error;
  }
  throw new Error('expected a CmsFault, but the call succeeded');
}

export async function oboSession(client: soap.Client, standIn: RunningStandIn, username: string): Promise<string> {
  const [result] = (await client.AuthenticateOnBehalfOfAsync({
    ServiceUsername: standIn.serviceUsername,
    ServicePassword: standIn.servicePassword,
    OnBehalfOfUsername: username,
  })) as [{ SessionToken: string }];
  return result.SessionToken;
}

export async function graphql(standIn: RunningStandIn, session: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(standIn.graphqlUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json', 'X-Cms-Session': session },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary GraphQL shapes
    body: (await response.json()) as { data?: any; errors?: { message: string; path?: string[]; extensions?: { code?: string } }[] } };
}
