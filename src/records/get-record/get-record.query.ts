import { Query } from '@nestjs/cqrs';
import type { RecordView } from '../record-view';

export class GetRecordQuery extends Query<RecordView> {
  constructor(
    public readonly force: string,
    public readonly referralRef: string,
  ) {
    super();
  }
}
