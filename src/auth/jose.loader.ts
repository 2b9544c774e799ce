import { pathToFileURL } from 'node:url';
import { constants as vmConstants, runInThisContext } from 'node:vm';
import type * as Jose from 'jose';

import { errorCode } from './error-code';

export type JoseModule = typeof Jose;

type EsmImport = (url: string) => Promise<JoseModule>;

let loading: Promise<JoseModule> | undefined;

/**
 * jose 6 ships only as ES modules, so this CommonJS build imports it at run time, once.
 * A failed import is not cached, so a later call tries again.
 */
export function loadJose(): Promise<JoseModule> {
  loading ??= importJose().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function importJose(): Promise<JoseModule> {
  // An absolute URL, because the importer below has no file of its own to resolve against.
  const url = pathToFileURL(require.resolve('jose')).href;

  try {
    return await nativeImport(url);
  } catch (error) {
    if (!isMissingImportCallback(error)) throw error;
    return mainContextImport(url);
  }
}

/** Built from a string so that neither tsc nor swc rewrites `import()` into `require()`. */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a constant string, no input
const nativeImport = new Function('url', 'return import(url)') as EsmImport;

/**
 * Jest runs modules in a vm context that cannot import ES modules unless Node runs with
 * --experimental-vm-modules; Node's own loader, reached through the main context, can.
 */
function mainContextImport(url: string): Promise<JoseModule> {
  const load = runInThisContext('(url) => import(url)', {
    importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  }) as EsmImport;
  return load(url);
}

function isMissingImportCallback(error: unknown): boolean {
  // Node names it ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING, with a _FLAG suffix in some versions.
  return errorCode(error)?.startsWith('ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING') === true;
}
