import { Module } from '@nestjs/common';

import { CaseCatalog } from './application/case.catalog';
import { CaseService } from './application/case.service';
import { CaseRepository } from './domain/case.repository';
import { CaseController } from './http/case.controller';
import { TypeOrmCaseCatalog } from './infrastructure/typeorm-case.catalog';
import { TypeOrmCaseRepository } from './infrastructure/typeorm-case.repository';

@Module({
  controllers: [CaseController],
  providers: [
    CaseService,
    { provide: CaseRepository, useClass: TypeOrmCaseRepository },
    { provide: CaseCatalog, useClass: TypeOrmCaseCatalog },
  ],
})
export class CasesModule {}
