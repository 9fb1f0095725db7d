import type { OpenAPIObject } from '@nestjs/swagger';

const METHOD_ORDER = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const byKey = <T>(record: Record<string, T>, compare: (a: string, b: string) => number = (a, b) => a.localeCompare(b, 'en')): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => compare(a, b)));

const methodRank = (key: string): number => {
  const rank = METHOD_ORDER.indexOf(key);
  return rank === -1 ? -1 : rank;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The document with the maps whose order depends on module loading sorted (paths, methods,
 * responses, schemas, tags), so the committed file changes only when the API does.
 */
export function withStableOrder(document: OpenAPIObject): OpenAPIObject {
  const paths = Object.fromEntries(
    Object.entries(byKey(document.paths)).map(([path, item]) => {
      const operations = byKey(item as Record<string, unknown>, (a, b) => methodRank(a) - methodRank(b) || a.localeCompare(b, 'en'));
      for (const operation of Object.values(operations)) {
        if (isRecord(operation) && isRecord(operation['responses'])) operation['responses'] = byKey(operation['responses']);
      }
      return [path, operations];
    }),
  );
  const components = document.components === undefined ? undefined : { ...document.components, ...(document.components.schemas ? { schemas: byKey(document.components.schemas) } : {}) };
  const tags = document.tags === undefined ? undefined : [...document.tags].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const { openapi, info, servers, security, externalDocs, paths: _paths, components: _components, tags: _tags, ...rest } = document;
  // Conventional top-level order: what it is, where, who may call it, then the operations and their schemas.
  return {
    openapi,
    info,
    ...(servers === undefined ? {} : { servers }),
    ...(security === undefined ? {} : { security }),
    ...(tags === undefined ? {} : { tags }),
    ...(externalDocs === undefined ? {} : { externalDocs }),
    ...rest,
    paths,
    ...(components === undefined ? {} : { components }),
  };
}
