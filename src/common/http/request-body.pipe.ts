import { Injectable, PipeTransform } from '@nestjs/common';

import { GraphError } from './graph-error';

/**
 * Prepares a JSON body for validation: it must be an object; `@odata.*` annotations other
 * than `@odata.type` are ignored, as OData says; and the server-owned properties a client may
 * echo back from a GET (ids, timestamps, createdBy) are dropped rather than refused.
 */
@Injectable()
export class RequestBodyPipe implements PipeTransform<unknown, Record<string, unknown>> {
  constructor(private readonly serverOwned: readonly string[]) {}

  transform(body: unknown): Record<string, unknown> {
    if (body === undefined) return {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw GraphError.badRequest('The request body must be a JSON object.');
    }

    return Object.fromEntries(Object.entries(body).filter(([name]) => this.isClientProperty(name)));
  }

  private isClientProperty(name: string): boolean {
    if (this.serverOwned.includes(name)) return false;
    return name === '@odata.type' || !name.startsWith('@odata.');
  }
}
