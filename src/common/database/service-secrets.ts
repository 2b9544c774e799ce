import { randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Secrets that every replica must hold the same copy of. The first replica to ask creates
 * one; the rest read it, so no operator has to configure or distribute it.
 */
@Injectable()
export class ServiceSecrets {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async obtain(name: string): Promise<Buffer> {
    await this.dataSource.query(
      'INSERT INTO service_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
      [name, randomBytes(32)],
    );
    const [row] = await this.dataSource.query<{ value: Buffer }[]>(
      'SELECT value FROM service_secret WHERE name = $1',
      [name],
    );
    return row.value;
  }
}
