import { loadConfig } from '../config/env';
import { pinoParams } from './logging';

describe('pinoParams', () => {
  it('logs every request at info and below, matching every path', () => {
    for (const level of ['info', 'debug', 'trace']) {
      expect(pinoParams(loadConfig({ LOG_LEVEL: level })).forRoutes).toEqual([{ path: '{*splat}', method: expect.any(Number) }]);
    }
  });

  it('installs no request middleware above info, where its lines would never be written', () => {
    for (const level of ['warn', 'error', 'fatal', 'silent']) expect(pinoParams(loadConfig({ LOG_LEVEL: level })).forRoutes).toEqual([]);
  });
});
