import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** The benchmark measures the service as `npm run start:prod` starts it; the image must match. */
describe('production start', () => {
  it('the image runs the service with the same Node command as npm run start:prod', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const command = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];

    expect(command).toBeDefined();
    expect(JSON.parse(command as string)).toEqual(manifest.scripts['start:prod'].split(' '));
  });
});
