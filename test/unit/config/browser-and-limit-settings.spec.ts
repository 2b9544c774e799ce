import { ConfigurationError, loadAppConfig } from '../../../src/common/config/app-config';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadAppConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
};

describe('rate limit and CORS settings', () => {
  it('limits a tenant to 6000 and an address to 1200 a minute, CORS off, by default', () => {
    const config = loadAppConfig({});

    expect(config).toMatchObject({
      rateLimitEnabled: true,
      rateLimitTenantPerMinute: 6000,
      rateLimitAddressPerMinute: 1200,
      corsOrigins: [],
    });
  });

  it('reads the limits, the switch and a comma-separated list of origins', () => {
    const config = loadAppConfig({
      RATE_LIMIT_ENABLED: 'FALSE',
      RATE_LIMIT_TENANT_PER_MINUTE: '50',
      RATE_LIMIT_ADDRESS_PER_MINUTE: '10',
      CORS_ORIGINS: 'https://review.contoso.example, http://localhost:5173,',
    });

    expect(config).toMatchObject({
      rateLimitEnabled: false,
      rateLimitTenantPerMinute: 50,
      rateLimitAddressPerMinute: 10,
      corsOrigins: ['https://review.contoso.example', 'http://localhost:5173'],
    });
  });

  it.each([
    ['RATE_LIMIT_ENABLED', 'yes'],
    ['RATE_LIMIT_TENANT_PER_MINUTE', '0'],
    ['RATE_LIMIT_ADDRESS_PER_MINUTE', '-5'],
    ['CORS_ORIGINS', 'https://review.contoso.example/app'],
    ['CORS_ORIGINS', '*'],
  ])('refuses %s=%s and names the variable', (name, value) => {
    expect(problemsOf({ [name]: value })).toEqual([expect.stringContaining(name)]);
  });
});
