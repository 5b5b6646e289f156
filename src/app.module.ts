import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from './config/env';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ComplianceModule } from './compliance/compliance.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { pinoParams } from './common/logging';
import { dataSourceOptions, type DatabaseTarget } from './database/data-source';
import { ForcesModule } from './forces/forces.module';
import { HealthModule } from './health/health.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { RecordsModule } from './records/records.module';
import { ReturnsModule } from './returns/returns.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** Where the data lives; by default from the config (DATABASE_URL or DATA_DIR). */
  database: DatabaseTarget;
}

@Module({})
export class AppModule {
  static forRoot({ config, database }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => config] }),
        LoggerModule.forRoot(pinoParams(config)),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(database), migrationsRun: true, retryAttempts: 0 }),
        }),
        CqrsModule.forRoot(),
        AuthModule,
        AuditModule,
        HealthModule,
        ForcesModule,
        IngestionModule,
        RecordsModule,
        ReturnsModule,
        ComplianceModule,
        DashboardModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
