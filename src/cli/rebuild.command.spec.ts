import { rebuildCommand } from './rebuild.command';
import { UsageError } from './usage-error';

describe('npm run cli -- rebuild: --chunk', () => {
  it.each(['0', '10001', '1e3', '0x10', ' 5', '1.0', '+5', '', 'abc'])(
    '--chunk %j is a usage mistake, before any database is opened',
    async (chunk) => {
      const err = await rebuildCommand(['--chunk', chunk]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).message).toBe(`--chunk ${chunk} must be an integer from 1 to 10000`);
    },
  );
});
