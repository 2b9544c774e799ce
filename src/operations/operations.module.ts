import { Module } from '@nestjs/common';

import { CaseOperationService } from './application/case-operation.service';
import { CaseOperationRepository } from './domain/case-operation.repository';
import { CaseOperationController } from './http/case-operation.controller';
import { TypeOrmCaseOperationRepository } from './infrastructure/typeorm-case-operation.repository';

@Module({
  controllers: [CaseOperationController],
  providers: [
    CaseOperationService,
    { provide: CaseOperationRepository, useClass: TypeOrmCaseOperationRepository },
  ],
})
export class OperationsModule {}
