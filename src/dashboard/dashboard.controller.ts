import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { NotFoundError } from '../common/app-error';
import { DASHBOARD_CSP, type DashboardFile, loadDashboard } from './dashboard-assets';

/**
 * The SPOC lead's dashboard (docs/decisions.md, "The SPOC dashboard"): one static page that reads the API with
 * the user's own bearer token. The page and its files hold no data, so they are served without a token; every
 * figure on it comes from /v1 with the token's roles, forces and access log. Not part of the API: left out of
 * the OpenAPI document.
 */
@ApiExcludeController()
@Public()
@Controller('dashboard')
export class DashboardController {
  private readonly assets = loadDashboard();

  @Get()
  page(@Res({ passthrough: true }) reply: FastifyReply): string {
    this.secure(reply).type('text/html; charset=utf-8');
    return this.assets.page;
  }

  @Get(':file')
  file(@Param('file') name: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    const file: DashboardFile | undefined = this.assets.files.get(name);
    if (!file) throw new NotFoundError(`No dashboard file ${JSON.stringify(name.slice(0, 64))}`);
    this.secure(reply).type(file.type);
    return file.body;
  }

  private secure(reply: FastifyReply): FastifyReply {
    return reply
      .header('content-security-policy', DASHBOARD_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache');
  }
}
