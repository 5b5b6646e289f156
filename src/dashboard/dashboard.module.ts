import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';

/** The SPOC dashboard page (src/dashboard/dashboard.controller.ts). */
@Module({ controllers: [DashboardController] })
export class DashboardModule {}
