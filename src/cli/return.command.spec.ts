import { returnCommand } from './return.command';
import { UsageError } from './usage-error';

/** Refused before any database is opened: none is given here, so reaching one would fail differently. */
describe('npm run cli -- return: usage mistakes', () => {
  const refusal = (argv: string[], stdout: { isTTY?: boolean }) =>
    returnCommand(argv, stdout).then(
      () => undefined,
      (e: unknown) => e,
    );
  const xlsx = ['--force', 'E23000010', '--period', '2024-25', '--format', 'xlsx'];

  it('refuses to write XLSX to a terminal, saying to redirect it', async () => {
    const err = await refusal(xlsx, { isTTY: true });
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toBe('--format xlsx is binary and stdout is a terminal: redirect it to a file (> return.xlsx)');
  });

  it('checks the format before the terminal: a bad format is named as such', async () => {
    const err = await refusal(['--force', 'E23000010', '--period', '2024-25', '--format', 'pdf'], { isTTY: true });
    expect((err as UsageError).message).toBe('--format pdf must be json, csv or xlsx');
  });
});
