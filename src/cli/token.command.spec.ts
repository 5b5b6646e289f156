import { tokenCommand } from './token.command';
import { UsageError } from './usage-error';

/** Mistakes on the command line are refused before any secret is read: a token the service would refuse is never minted. */
describe('npm run token: usage mistakes', () => {
  it.each<[string, string[], RegExp]>([
    ['an empty role', ['--role', '', '--force', '*'], /^--role "" is not one of/],
    ['an empty role beside a good one', ['--role', 'admin', '--role', '', '--force', '*'], /^--role "" is not one of/],
    ['an empty force', ['--role', 'admin', '--force', ''], /^--force "" is not a known force code/],
    [
      'an empty force beside a good one',
      ['--role', 'admin', '--force', '', '--force', 'E23000010'],
      /^--force "" is not a known force code/,
    ],
    ['an empty sub', ['--role', 'admin', '--force', '*', '--sub', ''], /^--sub must be 1-128 characters/],
    ['a blank sub', ['--role', 'admin', '--force', '*', '--sub', '   '], /^--sub must be 1-128 characters/],
    ['a sub of 129 characters', ['--role', 'admin', '--force', '*', '--sub', 'x'.repeat(129)], /^--sub must be 1-128 characters/],
    ['a ttl of 0s (expired at birth)', ['--role', 'admin', '--force', '*', '--ttl', '0s'], /^--ttl 0s must be from 1m to 30d/],
    ['a ttl of 59s', ['--role', 'admin', '--force', '*', '--ttl', '59s'], /^--ttl 59s must be from 1m to 30d/],
    ['a ttl of 31d', ['--role', 'admin', '--force', '*', '--ttl', '31d'], /^--ttl 31d must be from 1m to 30d/],
    ['a ttl of 10^23 days', ['--role', 'admin', '--force', '*', '--ttl', '99999999999999999999999d'], /^--ttl .* must be from 1m to 30d/],
    ['a ttl without a unit', ['--role', 'admin', '--force', '*', '--ttl', '8'], /^--ttl 8 must be from 1m to 30d/],
  ])('%s is a usage mistake', async (_what, argv, message) => {
    const err = await tokenCommand(argv).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toMatch(message);
  });
});
