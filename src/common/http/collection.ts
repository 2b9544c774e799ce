import { Page } from '../paging/page';

const ANNOTATIONS = ['@odata.type', '@odata.etag'];

/** A collection in Graph's shape: context, optional count, the page, and the next link. */
export function collectionBody<T>(
  context: string,
  page: Page<T>,
  present: (item: T) => object,
  nextLinkBase: string,
): Record<string, unknown> {
  const select = page.select;
  const value = page.items.map((item) => project(present(item), select));

  return {
    '@odata.context': select === undefined ? context : `${context}(${select.join(',')})`,
    ...(page.count !== undefined && { '@odata.count': page.count }),
    value,
    ...(page.nextQuery !== undefined && { '@odata.nextLink': `${nextLinkBase}?${page.nextQuery}` }),
  };
}

/** Keeps the selected properties; the type and ETag annotations always stay. */
function project(entity: object, select: readonly string[] | undefined): object {
  if (select === undefined) return entity;

  const keep = new Set([...ANNOTATIONS, ...select]);
  return Object.fromEntries(Object.entries(entity).filter(([name]) => keep.has(name)));
}
