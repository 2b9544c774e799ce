import { Module } from '@nestjs/common';

import { CaseOperationCatalog } from './application/case-operation.catalog';
import { CaseOperationService } from './application/case-operation.service';
import { CaseOperationRepository } from './domain/case-operation.repository';
import { CaseOperationController } from './http/case-operation.controller';
import { TypeOrmCaseOperationCatalog } from './infrastructure/typeorm-case-operation.catalog';
import { TypeOrmCaseOperationRepository } from './infrastructure/typeorm-case-operation.repository';

@Module({
  controllers: [CaseOperationController],
  providers: [
    CaseOperationService,
    { provide: CaseOperationRepository, useClass: TypeOrmCaseOperationRepository },
    { provide: CaseOperationCatalog, useClass: TypeOrmCaseOperationCatalog },
  ],
})
export class OperationsModule {}
