import {
  ArgumentsHost,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  INestApplication,
  Post,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Server } from 'node:http';
import type { Response } from 'express';
import request from 'supertest';

import { AuthModule } from '../../../src/auth/auth.module';
import { CurrentCaller } from '../../../src/auth/current-caller.decorator';
import { Public } from '../../../src/auth/public.decorator';
import { Caller } from '../../../src/common/domain/caller';
import { GraphError } from '../../../src/common/http/graph-error';
import {
  hs256Token,
  TEST_APP_ID,
  TEST_SECRET,
  TEST_TENANT_ID,
  TEST_USER_ID,
  testAuthSettings,
  TestTokenOptions,
} from '../../support/tokens';

@Controller('things')
class ThingsController {
  @Get()
  list(@CurrentCaller() caller: Caller): Caller {
    return caller;
  }

  @Post()
  create(@CurrentCaller() caller: Caller): Caller {
    return caller;
  }

  @Public()
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }
}

/** Stands in for the application's Graph error filter. */
@Catch(GraphError)
class GraphErrorBodyFilter implements ExceptionFilter {
  catch(error: GraphError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    response
      .status(error.status)
      .set(error.options.headers ?? {})
      .json({ error: { code: error.code, message: error.message } });
  }
}

interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

const errorOf = (response: request.Response) => (response.body as ErrorBody).error;

const READ = ['eDiscovery.Read.All'];
const READ_WRITE = ['eDiscovery.ReadWrite.All'];

describe('AuthGuard', () => {
  let app: INestApplication;
  let server: Server;

  const bearer = async (options: TestTokenOptions) =>
    `Bearer ${await hs256Token(TEST_SECRET, options)}`;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot(testAuthSettings({ clockSkewSeconds: 60 }))],
      controllers: [ThingsController],
    }).compile();

    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new GraphErrorBodyFilter());
    await app.init();
    server = app.getHttpServer() as Server;
  });

  afterAll(() => app.close());

  it('when the route is public, then no token is needed', async () => {
    await request(server).get('/things/health').expect(200, { status: 'ok' });
  });

  it('when there is no Authorization header, then 401 with WWW-Authenticate: Bearer', async () => {
    const response = await request(server).get('/things').expect(401);

    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.body).toEqual({
      error: {
        code: 'InvalidAuthenticationToken',
        message: 'The request has no access token (Authorization: Bearer)',
      },
    });
  });

  it('when the scheme is not Bearer, then 401', async () => {
    const response = await request(server)
      .get('/things')
      .set('Authorization', 'Basic dXNlcjpwYXNz')
      .expect(401);

    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(errorOf(response).message).toBe('The Authorization header must use the Bearer scheme');
  });

  it('when the token is garbage, then 401 without echoing it', async () => {
    const response = await request(server)
      .post('/things')
      .set('Authorization', 'Bearer not-a-token-at-all')
      .expect(401);

    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(errorOf(response).message).toBe('The token is not a well-formed JWT');
    expect(response.text).not.toContain('not-a-token-at-all');
  });

  it('when the token has expired, then 401 says so', async () => {
    const response = await request(server)
      .get('/things')
      .set('Authorization', await bearer({ expiresIn: -120 }))
      .expect(401);

    expect(errorOf(response).message).toBe('The token has expired');
  });

  it('when a read token reads, then the caller is the user', async () => {
    const token = await bearer({ scopes: READ, name: 'Megan Bowen' });

    const response = await request(server).get('/things').set('Authorization', token).expect(200);

    expect(response.body).toEqual({
      tenantId: TEST_TENANT_ID,
      identity: {
        user: { id: TEST_USER_ID, displayName: 'Megan Bowen', userPrincipalName: null },
        application: null,
        device: null,
      },
    });
  });

  it('when a read token writes, then 403 names the permission needed', async () => {
    const response = await request(server)
      .post('/things')
      .set('Authorization', await bearer({ scopes: READ }))
      .expect(403);

    expect(response.headers['www-authenticate']).toBeUndefined();
    expect(errorOf(response)).toEqual({
      code: 'accessDenied',
      message: 'This request needs the permission eDiscovery.ReadWrite.All',
    });
  });

  it('when a read-write token writes, then it gets through', async () => {
    await request(server)
      .post('/things')
      .set('Authorization', await bearer({ scopes: READ_WRITE }))
      .expect(201);
  });

  it('when a token grants no eDiscovery permission, then even a read is 403', async () => {
    await request(server)
      .get('/things')
      .set('Authorization', await bearer({ scopes: ['User.Read'] }))
      .expect(403);
  });

  it('when an app-only token has the ReadWrite role, then it writes as the application', async () => {
    const token = await bearer({ roles: READ_WRITE, appName: 'Contoso Review' });

    const response = await request(server).post('/things').set('Authorization', token).expect(201);

    expect((response.body as Caller).identity).toEqual({
      user: null,
      application: { id: TEST_APP_ID, displayName: 'Contoso Review' },
      device: null,
    });
  });

  it('when an app-only token has only the Read role, then it can read but not write', async () => {
    const token = await bearer({ roles: READ });

    await request(server).get('/things').set('Authorization', token).expect(200);
    await request(server).post('/things').set('Authorization', token).expect(403);
  });

  it('when the scheme is written in lower case, then it is still Bearer', async () => {
    const token = await hs256Token(TEST_SECRET, { scopes: READ });

    await request(server).get('/things').set('Authorization', `bearer ${token}`).expect(200);
  });
});
