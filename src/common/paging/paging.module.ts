import { Global, Module } from '@nestjs/common';

import { ServiceSecrets } from '../database/service-secrets';
import { Paging } from './paging';

/** Keyset paging with signed skip tokens, shared by every collection. */
@Global()
@Module({ providers: [ServiceSecrets, Paging], exports: [Paging] })
export class PagingModule {}
