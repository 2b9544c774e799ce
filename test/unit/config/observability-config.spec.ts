import { ConfigurationError, loadAppConfig } from '../../../src/common/config/app-config';

describe('Log and metrics settings', () => {
  it('when nothing is set, then logs are JSON at info and operation counts live 15 seconds', () => {
    expect(loadAppConfig({})).toMatchObject({
      logLevel: 'info',
      logFormat: 'json',
      operationCountCacheSeconds: 15,
    });
  });

  it('when NODE_ENV is development, then logs are pretty unless LOG_FORMAT says otherwise', () => {
    expect(loadAppConfig({ NODE_ENV: 'development' }).logFormat).toBe('pretty');
    expect(loadAppConfig({ NODE_ENV: 'development', LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadAppConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  it('accepts a level in any case', () => {
    expect(loadAppConfig({ LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
  });

  it.each([
    ['LOG_LEVEL', 'verbose'],
    ['LOG_FORMAT', 'xml'],
    ['OPERATION_COUNT_CACHE_SECONDS', '-1'],
  ])('when %s is %s, then start-up stops with a message naming it', (name, value) => {
    const load = () => loadAppConfig({ [name]: value });

    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(new RegExp(`${name} must be`));
  });
});
