import { Module } from '@nestjs/common';
import { ComplianceController } from './compliance.controller';
import { COMPLIANCE_HANDLERS } from './compliance.queries';

@Module({ controllers: [ComplianceController], providers: COMPLIANCE_HANDLERS })
export class ComplianceModule {}
