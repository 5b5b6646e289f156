import { loadConfig } from '../config/env';
import { createDataSource, targetFromConfig } from './data-source';

/** For the TypeORM CLI (`npm run migration:*`): the same DataSource as the service, from the environment. */
export default createDataSource(targetFromConfig(loadConfig()));
