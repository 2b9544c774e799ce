import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Browser, chromium, Locator, Page } from 'playwright-core';

import { startTestApp, TestApp } from '../support/test-app';

/** Debian's Chromium; never a browser downloaded by Playwright. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const CASES_PATH = '/beta/compliance/ediscovery/cases';
const OPERATIONS_PATH = `${CASES_PATH}/{caseId}/operations`;

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, { operationId: string; tags: string[] }>>;
}

describe('API documentation in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `The browser test needs Chromium at ${CHROMIUM}. Install it with ` +
          "'apt-get install -y chromium' (Debian, Ubuntu), or set CHROMIUM_PATH to a Chromium.",
      );
    }
    app = await startTestApp();
    await app.app.listen(0, '127.0.0.1');
    baseUrl = (await app.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('creates a case and an operation with "Try it out", under the security headers', async () => {
    const page = await browser.newPage();
    const blocked = recordContentSecurityViolations(page);
    page.setDefaultTimeout(15_000);

    await withScreenshotOnFailure(page, async () => {
      await page.goto(`${baseUrl}/docs`);
      await authorize(page, await app.token());

      const caseId = await createCaseThroughTheUi(page, `Browser case ${randomUUID()}`);
      await createOperationThroughTheUi(page, caseId);
    });

    expect(blocked).toEqual([]);
  }, 90_000);

  /** The Swagger UI element id of the operation at `path` with `method`. */
  const operationBlock = async (page: Page, method: string, path: string): Promise<Locator> => {
    const document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as OpenApiDocument;
    const { operationId, tags } = document.paths[path][method];
    return page.locator(`#operations-${tags[0]}-${operationId}`);
  };

  const createCaseThroughTheUi = async (page: Page, displayName: string): Promise<string> => {
    const block = await operationBlock(page, 'post', CASES_PATH);
    await tryItOut(block);
    await block.locator('textarea.body-param__text').fill(JSON.stringify({ displayName }));

    const body = await execute(block);
    expect(body).toContain(displayName);
    return idIn(body);
  };

  const createOperationThroughTheUi = async (page: Page, caseId: string): Promise<void> => {
    const block = await operationBlock(page, 'post', OPERATIONS_PATH);
    await tryItOut(block);
    await block.locator('tr[data-param-name="caseId"] input').fill(caseId);
    await block.locator('textarea.body-param__text').fill(JSON.stringify({ action: 'index' }));

    const body = await execute(block);
    expect(body).toContain('"action": "index"');
  };
});

/** Pastes the token into the bearer scheme of the Authorize dialog, then closes the dialog. */
async function authorize(page: Page, token: string): Promise<void> {
  await page.locator('.auth-wrapper .authorize').click();
  const dialog = page.locator('.modal-ux');
  await dialog.locator('input').first().fill(token);
  await dialog.locator('.auth-btn-wrapper .authorize').click();
  await dialog.locator('.auth-btn-wrapper .btn-done').click();
  await dialog.waitFor({ state: 'detached' });
}

async function tryItOut(block: Locator): Promise<void> {
  await block.locator('.opblock-summary').first().click();
  await block.locator('.try-out__btn').click();
}

/** Presses Execute, expects 201 in the live response and returns the response body shown. */
async function execute(block: Locator): Promise<string> {
  await block.locator('.execute').click();

  const response = block.locator('.live-responses-table tbody tr.response').first();
  await response.waitFor();
  const status = (await response.locator('.response-col_status').innerText()).trim();
  const body = await response.locator('.response-col_description pre').first().innerText();
  expect({ status, body }).toEqual({ status: '201', body: expect.any(String) });
  return body;
}

function idIn(body: string): string {
  const id = /"id":\s*"([0-9a-f-]{36})"/.exec(body)?.[1];
  if (id === undefined) throw new Error(`No id in the response shown: ${body}`);
  return id;
}

/** Collects what the page's Content-Security-Policy blocked, as the browser reports it. */
function recordContentSecurityViolations(page: Page): string[] {
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) blocked.push(message.text());
  });
  return blocked;
}

/** Runs the steps; if one fails, keeps a screenshot of the page and names it in the error. */
async function withScreenshotOnFailure(page: Page, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    const path = join(await mkdtemp(join(tmpdir(), 'caseops-docs-')), 'failure.png');
    await page.screenshot({ path, fullPage: true }).catch(() => undefined);
    if (error instanceof Error) error.message += `\nScreenshot of the page: ${path}`;
    throw error;
  }
}
