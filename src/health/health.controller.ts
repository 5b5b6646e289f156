import { Controller, Get } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly config: ConfigService,
  ) {}

  /** The process is up; says nothing about its dependencies. */
  @Get('live')
  @ApiOkResponse({ description: 'The process is running' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready to serve: the database answers `SELECT 1` within HEALTH_DB_TIMEOUT_MS. */
  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({ description: 'Ready: the database answered in time' })
  @ApiServiceUnavailableResponse({ description: 'Not ready: the database did not answer in time' })
  ready() {
    return this.health.check([() => this.database()]);
  }

  private async database() {
    const indicator = this.indicators.check('database');
    const timeoutMs = this.config.getOrThrow<number>('healthDbTimeoutMs');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: (err as Error).message.slice(0, 200) });
    } finally {
      clearTimeout(timer);
    }
  }
}
