import { connect as tcpConnect } from 'node:net';

/** The RabbitMQ the broker tests use: TEST_BROKER_URL, else the local one (guest/guest). */
export const BROKER_URL = process.env.TEST_BROKER_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** Whether something answers on the broker's port (within a second). */
export function brokerAnswers(): Promise<boolean> {
  const { hostname, port } = new URL(BROKER_URL);
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: hostname, port: Number(port || 5672), timeout: 1000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/**
 * True when the broker answers. Without one: a failure if N200_REQUIRE_BROKER=1 (CI), else false with a note,
 * and the file's tests pass without running.
 */
export async function brokerOrSkip(what: string): Promise<boolean> {
  if (await brokerAnswers()) return true;
  if (process.env.N200_REQUIRE_BROKER === '1') throw new Error(`N200_REQUIRE_BROKER=1 but no RabbitMQ answers at ${BROKER_URL}`);
  console.warn(`${what}: skipped, no broker at ${BROKER_URL} (set N200_REQUIRE_BROKER=1 to make this a failure)`);
  return false;
}
