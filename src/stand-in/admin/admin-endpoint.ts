import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { CmsFault } from '../cms-fault.js';
import { faultRequestSchema, type FaultInjector } from '../fault-injection.js';
import { readBody } from '../http-body.js';
import { flag, legacyDateTime, padId, parseId } from '../legacy-format.js';
import { groundTruthFor } from '../seed/ground-truth.js';
import { canSeeCase, type SeedModel, type SeedUser } from '../seed/seed-model.js';
import type { StandInCms } from '../stand-in-cms.js';

export const ADMIN_PATH = '/admin';
const MAX_JSON_BYTES = 65_536;
export const MAX_ADMIN_UPLOAD_BYTES = 100 * 1_048_576;

export interface StandInUserInfo {
  username: string;
  displayName: string;
  access: string;
  visibleUrns: string[];
  hiddenUrns: string[];
  /** A numbered caseworker generated for canary tests (banners summarise these in one line). */
  generated: boolean;
}

function describeAccess(user: SeedUser, model: SeedModel): string {
  const named = model.cases.filter((record) => record.restrictedTo?.includes(user.username)).map((record) => padId(record.caseId));
  const extra = named.length > 0 ? `; named on restricted cases ${named.join(', ')}` : '';
  switch (user.access.kind) {
    case 'all':
      return `all cases${user.witnessClearance ? '; witness clearance' : ''}`;
    case 'none':
      return `no cases${extra}`;
    case 'units': {
      const units = user.access.unitIds.map((unitId) => `${padId(unitId)} ${model.units.find((unit) => unit.unitId === unitId)?.name ?? ''}`.trim());
      return `units ${units.join(', ')} (except restricted cases)${extra}${user.witnessClearance ? '; witness clearance' : ''}`;
    }
  }
}

/** What each seed user sees. A URN is visible when at least one of its cases is. */
export function describeUsers(model: SeedModel): StandInUserInfo[] {
  const urns = [...new Set(model.cases.map((record) => record.urn))];
  return model.users.map((user) => {
    const visible = urns.filter((urn) => model.cases.some((record) => record.urn === urn && canSeeCase(user, record)));
    return {
      username: user.username,
      displayName: user.displayName,
      access: describeAccess(user, model),
      visibleUrns: visible,
      hiddenUrns: urns.filter((urn) => !visible.includes(urn)),
      generated: user.generated === true,
    };
  });
}

const settingsSchema = z
  .object({ sessionTtlMs: z.number().int().min(1).max(86_400_000).optional(), rateLimitPerSecond: z.number().min(0).max(100_000).optional() })
  .strict();

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
};

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_JSON_BYTES);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new HttpProblem(400, 'body is not JSON');
  }
}

function parsed<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpProblem(400, result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  return result.data;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The stand-in's admin API (tests and developers only); every route needs X-Admin-Key. */
export function createAdminEndpoint(cms: StandInCms, faults: FaultInjector, adminKey: string, passwords: ReadonlyMap<string, string>) {
  const keyMatches = (given: string | undefined) => {
    const left = Buffer.from(given ?? '');
    const right = Buffer.from(adminKey);
    return left.length === right.length && timingSafeEqual(left, right);
  };

  const documentMetadata = (caseId: number, documentId: number) => {
    const record = cms.caseExists(caseId);
    const document = cms.document(record, documentId);
    return {
      caseId: padId(record.caseId),
      documentId: padId(document.documentId),
      versionId: padId(document.versions.at(-1)!.versionId),
      kind: document.kind,
      title: document.title,
      fileName: document.fileName,
      mimeType: document.mimeType,
      category: document.category,
      parentDocumentId: document.parentDocumentId === null ? null : padId(document.parentDocumentId),
      usedFlag: flag(document.used),
      checkedOutFlag: flag(document.checkedOutBy !== null),
      checkedOutBy: document.checkedOutBy,
      versions: document.versions.map((version) => ({ versionId: padId(version.versionId), createdAt: legacyDateTime(version.createdAt), origin: version.origin })),
    };
  };

  async function route(req: IncomingMessage, res: ServerResponse, segments: string[]): Promise<void> {
    const method = req.method ?? 'GET';
    const [first, second, third, fourth] = segments;
    if (first === 'users' && segments.length === 1 && method === 'GET') {
      const users = describeUsers(cms.model).map((info) => ({
        ...info,
        password: passwords.get(info.username),
        witnessClearance: cms.model.users.find((user) => user.username === info.username)!.witnessClearance,
      }));
      return json(res, 200, { users, serviceUsername: cms.serviceUsername });
    }
    if (first === 'faults' && segments.length === 1) {
      if (method === 'GET') return json(res, 200, faults.snapshot());
      if (method === 'PUT') {
        faults.set(parsed(faultRequestSchema, await readJson(req)));
        return json(res, 200, faults.snapshot());
      }
      if (method === 'DELETE') {
        faults.clear();
        return json(res, 200, {});
      }
    }
    if (first === 'settings' && segments.length === 1 && method === 'PUT') {
      const settings = parsed(settingsSchema, await readJson(req));
      if (settings.sessionTtlMs !== undefined) cms.sessions.settings.sessionTtlMs = settings.sessionTtlMs;
      if (settings.rateLimitPerSecond !== undefined) cms.sessions.settings.rateLimitPerSecond = settings.rateLimitPerSecond;
      return json(res, 200, cms.sessions.settings);
    }
    if (first === 'sessions' && second === 'expire' && segments.length === 2 && method === 'POST') {
      return json(res, 200, { expired: cms.sessions.expireAll() });
    }
    if (first === 'cases' && third === 'documents') {
      const caseId = parseId(second);
      if (caseId === null) throw new CmsFault('2001', 'Case not found');
      if (segments.length === 3 && method === 'POST') {
        const record = cms.caseExists(caseId);
        const body = await readBody(req, MAX_ADMIN_UPLOAD_BYTES);
        const fileName = decodeURIComponent(header(req, 'x-file-name') ?? '');
        if (!fileName) throw new HttpProblem(400, 'X-File-Name is required');
        const parentRaw = header(req, 'x-parent-document-id');
        let parentDocumentId: number | null = null;
        if (parentRaw !== undefined) parentDocumentId = cms.document(record, parentRaw).documentId;
        const { document, version } = await cms.addDocument(record, body, {
          fileName,
          mimeType: header(req, 'content-type') ?? 'application/octet-stream',
          title: decodeURIComponent(header(req, 'x-title') ?? fileName),
          category: decodeURIComponent(header(req, 'x-category') ?? 'Uncategorised'),
          parentDocumentId,
        });
        return json(res, 201, { documentId: padId(document.documentId), versionId: padId(version.versionId) });
      }
      const documentId = parseId(fourth);
      if (segments.length === 4 && method === 'GET' && documentId !== null) return json(res, 200, documentMetadata(caseId, documentId));
      if (segments.length === 4 && method === 'DELETE' && documentId !== null) {
        const record = cms.caseExists(caseId);
        cms.removeDocument(record, cms.document(record, documentId));
        return json(res, 200, { removed: padId(documentId) });
      }
    }
    if (first === 'ground-truth' && segments.length === 4 && method === 'GET') {
      const record = cms.caseExists(second);
      const document = cms.document(record, third);
      const version = cms.version(document, fourth);
      return json(res, 200, {
        caseId: padId(record.caseId),
        documentId: padId(document.documentId),
        versionId: padId(version.versionId),
        known: version.origin === 'generated',
        items: groundTruthFor(cms.model, record.caseId, document.documentId, version.versionId) ?? [],
      });
    }
    throw new HttpProblem(404, 'no such admin route');
  }

  return {
    async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
      if (!keyMatches(header(req, 'x-admin-key'))) return json(res, 401, { error: 'X-Admin-Key missing or wrong' });
      const segments = pathname.slice(ADMIN_PATH.length).split('/').filter(Boolean);
      try {
        await route(req, res, segments);
      } catch (error) {
        if (error instanceof HttpProblem) return json(res, error.status, { error: error.message });
        if (error instanceof CmsFault) return json(res, error.code === '4001' ? 400 : 404, { error: error.message, code: error.code });
        throw error;
      }
    },
  };
}
