import { Inject, Injectable, OnModuleInit } from '@nestjs/common';

import { ServiceSecrets } from '../database/service-secrets';
import {
  cursorOf,
  ListQueryOptions,
  ListQuerySchema,
  nextLinkQuery,
  parseListQuery,
  PropertyValue,
  queryFingerprint,
  RawQuery,
  SkipTokenBinding,
  SkipTokenCodec,
} from '../odata';
import { Page } from './page';

/** The list request after parsing: options, where it resumes, and how to sign the next token. */
export interface PageRequest {
  readonly options: ListQueryOptions;
  readonly cursor?: PropertyValue[];
  readonly binding: SkipTokenBinding;
}

/** Parses list query options and issues and checks the skip tokens of keyset paging. */
@Injectable()
export class Paging implements OnModuleInit {
  private codec?: SkipTokenCodec;

  constructor(@Inject(ServiceSecrets) private readonly secrets: ServiceSecrets) {}

  async onModuleInit(): Promise<void> {
    this.codec = new SkipTokenCodec(await this.secrets.obtain('skip-token'));
  }

  /**
   * @param collection names the collection a token is bound to, with the tenant, so a token
   * from one case, query or tenant is refused anywhere else.
   */
  request(
    query: RawQuery,
    schema: ListQuerySchema,
    scope: { tenantId: string; collection: string; refusedEnumMembers?: Record<string, string[]> },
  ): PageRequest {
    const options = parseListQuery(query, schema, {
      refusedEnumMembers: scope.refusedEnumMembers,
    });
    const binding = {
      tenantId: scope.tenantId,
      collection: scope.collection,
      query: queryFingerprint(options),
    };
    const cursor =
      options.skipToken === undefined
        ? undefined
        : this.tokens().decode(options.skipToken, options.orderBy, schema.properties, binding);
    return { options, cursor, binding };
  }

  /** Builds the page from up to `top + 1` rows: the extra row only says that more exist. */
  page<T>(
    request: PageRequest,
    schema: ListQuerySchema,
    rows: readonly T[],
    valueOf: (row: T, path: string) => PropertyValue,
    count?: number,
  ): Page<T> {
    const { options, binding } = request;
    const items = rows.slice(0, options.top);
    const select = options.select;
    if (rows.length <= options.top) return { items, count, select };

    const last = items[items.length - 1];
    const cursor = cursorOf(options.orderBy, (path) => valueOf(last, path));
    const token = this.tokens().encode(options.orderBy, cursor, schema.properties, binding);
    return { items, count, select, nextQuery: nextLinkQuery(options, token) };
  }

  private tokens(): SkipTokenCodec {
    if (this.codec === undefined) throw new Error('Paging is used before its module started.');
    return this.codec;
  }
}
