/** The few caseops calls the benchmark needs to set up its data, through the public API. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  get headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' };
  }

  async createCase(displayName: string): Promise<string> {
    const body = await this.send('POST', '/beta/compliance/ediscovery/cases', { displayName });
    return body.id as string;
  }

  async createOperation(caseId: string, body: object): Promise<string> {
    const created = await this.send('POST', operationsPath(caseId), body);
    return created.id as string;
  }

  /** Follows next links `pages` times and returns the path of the page after the last one. */
  async pathAfter(firstPath: string, pages: number): Promise<string> {
    let path = firstPath;
    for (let page = 0; page < pages; page++) {
      const body = await this.send('GET', path);
      const next = body['@odata.nextLink'] as string | undefined;
      if (next === undefined) throw new Error(`the collection ended after ${page + 1} pages`);
      const url = new URL(next);
      path = `${url.pathname}${url.search}`;
    }
    return path;
  }

  private async send(
    method: string,
    path: string,
    body?: object,
  ): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: this.headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  }
}

export function operationsPath(caseId: string): string {
  return `/beta/compliance/ediscovery/cases/${caseId}/operations`;
}
