import { Column, Entity, PrimaryColumn } from 'typeorm';

import { IdentitySet } from '../../common/domain/identity-set';
import { ResultInfo } from '../domain/case-operation.aggregate';
import { OperationProperties } from '../domain/operation-type';

/** The `case_operation` row. */
@Entity({ name: 'case_operation' })
export class CaseOperationEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'percent_progress', type: 'smallint' })
  percentProgress!: number;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', precision: 3, nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'created_by', type: 'jsonb' })
  createdBy!: IdentitySet;

  @Column({ name: 'result_info', type: 'jsonb', nullable: true })
  resultInfo!: ResultInfo | null;

  @Column({ type: 'jsonb' })
  properties!: OperationProperties;

  @Column({ type: 'integer' })
  version!: number;
}
