import { randomUUID } from 'node:crypto';

import request from 'supertest';

import { startTestApp, TestApp } from '../../support/test-app';

const CASES = '/beta/compliance/ediscovery/cases';
const RUNNING_EXPORT = {
  '@odata.type': '#microsoft.graph.ediscovery.caseExportOperation',
  status: 'running',
  percentProgress: 10,
};

type Method = 'get' | 'post' | 'patch' | 'delete';

interface Route {
  readonly name: string;
  readonly send: (bearer: string) => request.Test;
}

describe('tenants and permissions', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  /** A request sent with `bearer` as its Authorization header, or with none when it is empty. */
  const call = (method: Method, url: string, bearer: string) => {
    const test = request(app.app.getHttpServer())[method](url);
    return bearer === '' ? test : test.set('Authorization', bearer);
  };
  const bearerOf = async (options: Parameters<TestApp['token']>[0]) =>
    `Bearer ${await app.token(options)}`;

  const createCase = async () => {
    const response = await app
      .api()
      .post(CASES)
      .send({ displayName: `Case ${randomUUID()}` })
      .expect(201);
    return response.body as { id: string };
  };

  const createOperation = async (caseId: string) => {
    const response = await app
      .api()
      .post(`${CASES}/${caseId}/operations`)
      .send(RUNNING_EXPORT)
      .expect(201);
    return response.body as { id: string };
  };

  /** Every route of a case and one of its operations, sent with the given bearer. */
  const routesOn = (caseId: string, operationId: string): Route[] => {
    const caseUrl = `${CASES}/${caseId}`;
    const operationsUrl = `${caseUrl}/operations`;
    const operationUrl = `${operationsUrl}/${operationId}`;
    const send = (method: Method, url: string, body?: object) => (bearer: string) => {
      const test = call(method, url, bearer);
      return body === undefined ? test : test.send(body);
    };
    return [
      { name: 'GET case', send: send('get', caseUrl) },
      { name: 'PATCH case', send: send('patch', caseUrl, { description: 'x' }) },
      { name: 'DELETE case', send: send('delete', caseUrl) },
      { name: 'POST close', send: send('post', `${caseUrl}/close`) },
      { name: 'POST reopen', send: send('post', `${caseUrl}/reopen`) },
      { name: 'POST operation', send: send('post', operationsUrl, RUNNING_EXPORT) },
      { name: 'GET operations', send: send('get', operationsUrl) },
      { name: 'GET operations/$count', send: send('get', `${operationsUrl}/$count`) },
      { name: 'GET operation', send: send('get', operationUrl) },
      { name: 'PATCH operation', send: send('patch', operationUrl, { percentProgress: 50 }) },
      { name: 'DELETE operation', send: send('delete', operationUrl) },
    ];
  };

  describe("when another tenant uses a tenant's ids", () => {
    it('then every route answers 404 itemNotFound and nothing changes', async () => {
      const created = await createCase();
      const operation = await createOperation(created.id);
      const caseUrl = `${CASES}/${created.id}`;
      const operationUrl = `${caseUrl}/operations/${operation.id}`;
      const caseBefore = await app.api().get(caseUrl).expect(200);
      const operationBefore = await app.api().get(operationUrl).expect(200);
      const other = await bearerOf({ tenantId: randomUUID() });

      const outcomes: string[] = [];
      for (const route of routesOn(created.id, operation.id)) {
        const response = await route.send(other);
        outcomes.push(`${route.name}: ${response.status} ${response.body?.error?.code}`);
      }

      expect(outcomes).toEqual(
        routesOn(created.id, operation.id).map((route) => `${route.name}: 404 itemNotFound`),
      );
      const caseAfter = await app.api().get(caseUrl).expect(200);
      const operationAfter = await app.api().get(operationUrl).expect(200);
      expect(withoutContext(caseAfter.body)).toEqual(withoutContext(caseBefore.body));
      expect(withoutContext(operationAfter.body)).toEqual(withoutContext(operationBefore.body));
      const count = await app.api().get(`${caseUrl}/operations/$count`).expect(200);
      expect(count.text).toBe('1');
    });

    it("then the other tenant's list of cases neither shows nor counts them", async () => {
      const created = await createCase();
      const other = await bearerOf({ tenantId: randomUUID() });

      const listed = await call('get', `${CASES}?$count=true`, other).expect(200);
      const filtered = await call('get', CASES, other)
        .query({ $filter: `id eq '${created.id}'`, $count: 'true' })
        .expect(200);

      expect(listed.body.value).toEqual([]);
      expect(listed.body['@odata.count']).toBe(0);
      expect(filtered.body.value).toEqual([]);
      expect(filtered.body['@odata.count']).toBe(0);
      const own = await app
        .api()
        .get(CASES)
        .query({ $filter: `id eq '${created.id}'` })
        .expect(200);
      expect(own.body.value.map((item: { id: string }) => item.id)).toEqual([created.id]);
    });
  });

  describe('when a $skiptoken is used outside the list that issued it', () => {
    const firstNextLink = async () => {
      await createCase();
      await createCase();
      await createCase();
      const page = await app.api().get(`${CASES}?$top=1`).expect(200);
      const nextLink: string = page.body['@odata.nextLink'];
      expect(nextLink).toContain('$skiptoken=');
      const url = new URL(nextLink);
      return `${url.pathname}${url.search}`;
    };

    it('then its own tenant can follow it', async () => {
      const next = await firstNextLink();

      const response = await app.api().get(next).expect(200);

      expect(response.body.value).toHaveLength(1);
    });

    it('then another tenant is refused with 400', async () => {
      const next = await firstNextLink();
      const other = await bearerOf({ tenantId: randomUUID() });

      const response = await call('get', next, other).expect(400);

      expect(response.body.error.code).toBe('badRequest');
      expect(response.body.error.target).toBe('$skiptoken');
    });

    it('then the same tenant is refused with 400 on another collection', async () => {
      const next = await firstNextLink();
      const created = await createCase();
      const search = next.slice(next.indexOf('?'));

      const response = await app
        .api()
        .get(`${CASES}/${created.id}/operations${search}`)
        .expect(400);

      expect(response.body.error.code).toBe('badRequest');
      expect(response.body.error.target).toBe('$skiptoken');
    });
  });

  describe('when the token grants only eDiscovery.Read.All', () => {
    it('then every read answers 200', async () => {
      const created = await createCase();
      const operation = await createOperation(created.id);
      const reader = await bearerOf({ scopes: ['eDiscovery.Read.All'] });
      const caseUrl = `${CASES}/${created.id}`;

      const reads = [
        CASES,
        caseUrl,
        `${caseUrl}/operations`,
        `${caseUrl}/operations/$count`,
        `${caseUrl}/operations/${operation.id}`,
      ];
      const statuses: number[] = [];
      for (const url of reads) {
        statuses.push((await call('get', url, reader)).status);
      }

      expect(statuses).toEqual(reads.map(() => 200));
    });

    it('then every write answers 403 accessDenied and changes nothing', async () => {
      const created = await createCase();
      const operation = await createOperation(created.id);
      const caseBefore = await app.api().get(`${CASES}/${created.id}`).expect(200);
      const reader = await bearerOf({ scopes: ['eDiscovery.Read.All'] });
      const writes = [
        {
          name: 'POST case',
          send: (bearer: string) => call('post', CASES, bearer).send({ displayName: 'Read' }),
        },
        ...routesOn(created.id, operation.id).filter((route) => !route.name.startsWith('GET')),
      ];

      const outcomes: string[] = [];
      for (const write of writes) {
        const response = await write.send(reader);
        outcomes.push(`${write.name}: ${response.status} ${response.body?.error?.code}`);
      }

      expect(outcomes).toEqual(writes.map((write) => `${write.name}: 403 accessDenied`));
      const caseAfter = await app.api().get(`${CASES}/${created.id}`).expect(200);
      expect(withoutContext(caseAfter.body)).toEqual(withoutContext(caseBefore.body));
      await app.api().get(`${CASES}/${created.id}/operations/${operation.id}`).expect(200);
    });
  });

  describe('when the request carries no valid token', () => {
    it.each([
      ['a list', 'get', CASES],
      ['a write', 'post', CASES],
    ] as const)(
      'then %s answers 401 InvalidAuthenticationToken with WWW-Authenticate: Bearer',
      async (_, method, url) => {
        const response = await call(method, url, '').send({ displayName: 'No token' });

        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe('InvalidAuthenticationToken');
        expect(response.headers['www-authenticate']).toMatch(/^Bearer\b/);
      },
    );

    it('then an expired token answers 401', async () => {
      const expired = await bearerOf({ expiresIn: -120 });

      const response = await call('get', CASES, expired);

      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('InvalidAuthenticationToken');
    });
  });

  describe('createdBy', () => {
    const createWith = async (bearer: string) => {
      const created = await call('post', CASES, bearer)
        .send({ displayName: `Case ${randomUUID()}` })
        .expect(201);
      const operation = await call('post', `${CASES}/${created.body.id}/operations`, bearer)
        .send(RUNNING_EXPORT)
        .expect(201);
      const readCase = await app.api().get(`${CASES}/${created.body.id}`).expect(200);
      const readOperation = await app
        .api()
        .get(`${CASES}/${created.body.id}/operations/${operation.body.id}`)
        .expect(200);
      return [readCase.body.createdBy, readOperation.body.createdBy];
    };

    it('when the token is delegated, then it names the signed-in user', async () => {
      const userId = randomUUID();
      const bearer = await bearerOf({
        userId,
        name: 'Megan Bowen',
        userPrincipalName: 'megan@contoso.example',
      });

      const recorded = await createWith(bearer);

      const expected = {
        user: {
          id: userId,
          displayName: 'Megan Bowen',
          userPrincipalName: 'megan@contoso.example',
        },
        application: null,
        device: null,
      };
      expect(recorded).toEqual([expected, expected]);
    });

    it('when the token is app-only, then it names the application', async () => {
      const appId = randomUUID();
      const bearer = await bearerOf({
        roles: ['eDiscovery.ReadWrite.All'],
        appId,
        appName: 'Contoso Review Tool',
      });

      const recorded = await createWith(bearer);

      const expected = {
        user: null,
        application: { id: appId, displayName: 'Contoso Review Tool' },
        device: null,
      };
      expect(recorded).toEqual([expected, expected]);
    });
  });
});

function withoutContext(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([name]) => name !== '@odata.context'));
}
