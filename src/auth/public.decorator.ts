import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'caseops:auth:public';

/** Lets requests through without a token (health checks and the like). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
