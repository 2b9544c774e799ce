import { Injectable, PipeTransform } from '@nestjs/common';

import { GraphError } from './graph-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses a path id that cannot be an id caseops issued, naming the parameter. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  constructor(private readonly parameter: string) {}

  transform(value: string): string {
    if (!UUID.test(value)) {
      throw GraphError.badRequest(`${this.parameter} '${value.slice(0, 64)}' is not a valid id.`, {
        target: this.parameter,
      });
    }
    return value.toLowerCase();
  }
}
