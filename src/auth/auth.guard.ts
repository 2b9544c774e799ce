import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { GraphError } from '../common/http/graph-error';
import { callerFromClaims } from './caller.factory';
import { AuthenticatedRequest } from './current-caller.decorator';
import { assertPermitted } from './permissions';
import { IS_PUBLIC } from './public.decorator';
import { TokenVerifier } from './token.verifier';

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * Admits a request whose bearer token is valid and grants the permission its method needs,
 * and records the caller on it. Routes marked @Public() pass untouched.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.isPublic(context)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const claims = await this.verifier.verify(bearerToken(request.headers.authorization));
    const caller = callerFromClaims(claims);
    assertPermitted(request.method, claims);

    request.caller = caller;
    return true;
  }

  private isPublic(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    return this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true;
  }
}

function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') {
    throw GraphError.unauthorized('The request has no access token (Authorization: Bearer)');
  }

  const match = BEARER.exec(header);
  if (match === null) {
    throw GraphError.unauthorized('The Authorization header must use the Bearer scheme');
  }
  return match[1];
}
