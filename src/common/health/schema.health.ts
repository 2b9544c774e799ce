import { setTimeout as sleep } from 'node:timers/promises';

import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Compares the migrations this build ships with those recorded in the database. */
@Injectable()
export class SchemaHealthIndicator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** Up when no migration of `migrations/index.ts` is missing from the migrations table. */
  async isCurrent(key: string, timeoutMillis: number): Promise<HealthIndicatorResult> {
    const check = this.indicators.check(key);

    const applied = await Promise.race([this.appliedNames(), timeout(timeoutMillis)]).catch(
      () => null,
    );
    if (applied === null) return check.down({ message: 'The applied migrations are unknown' });

    const pending = this.knownNames().filter((name) => !applied.has(name));
    if (pending.length > 0) return check.down({ pending });
    return check.up({ applied: applied.size });
  }

  private knownNames(): string[] {
    return this.dataSource.migrations.map(
      (migration) => migration.name ?? migration.constructor.name,
    );
  }

  private async appliedNames(): Promise<Set<string>> {
    const table = this.dataSource.options.migrationsTableName ?? 'migrations';
    const rows = await this.dataSource.query<{ name: string }[]>(`SELECT name FROM "${table}"`);
    return new Set(rows.map((row) => row.name));
  }
}

async function timeout(millis: number): Promise<never> {
  await sleep(millis, undefined, { ref: false });
  throw new Error(`No answer within ${millis} ms`);
}
