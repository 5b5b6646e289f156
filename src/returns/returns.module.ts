import { Module } from '@nestjs/common';
import { GetReturnHandler } from './get-return/get-return.handler';
import { GetRevisionsHandler } from './get-revisions/get-revisions.handler';
import { GetSubmissionHandler } from './get-submission/get-submission.handler';
import { ListSubmissionsHandler } from './list-submissions/list-submissions.handler';
import { ReturnsController } from './returns.controller';
import { SubmitReturnHandler } from './submit-return/submit-return.handler';

@Module({
  controllers: [ReturnsController],
  providers: [GetReturnHandler, SubmitReturnHandler, ListSubmissionsHandler, GetSubmissionHandler, GetRevisionsHandler],
})
export class ReturnsModule {}
