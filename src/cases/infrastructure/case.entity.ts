import { Column, Entity, PrimaryColumn } from 'typeorm';

import { IdentitySet } from '../../common/domain/identity-set';

/** The `ediscovery_case` row. */
@Entity({ name: 'ediscovery_case' })
export class CaseEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'last_modified_at', type: 'timestamptz', precision: 3 })
  lastModifiedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', precision: 3, nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'created_by', type: 'jsonb' })
  createdBy!: IdentitySet;

  @Column({ name: 'last_modified_by', type: 'jsonb' })
  lastModifiedBy!: IdentitySet;

  @Column({ name: 'closed_by', type: 'jsonb', nullable: true })
  closedBy!: IdentitySet | null;

  @Column({ type: 'integer' })
  version!: number;
}
