import { Module } from '@nestjs/common';

import { CaseService } from './application/case.service';
import { CaseRepository } from './domain/case.repository';
import { CaseController } from './http/case.controller';
import { TypeOrmCaseRepository } from './infrastructure/typeorm-case.repository';

@Module({
  controllers: [CaseController],
  providers: [CaseService, { provide: CaseRepository, useClass: TypeOrmCaseRepository }],
})
export class CasesModule {}
