import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module';
import { createHttpAdapter } from './common/http-server';
import { createValidationPipe } from './common/validation';
import { buildOpenApiDocument } from './openapi';

/** The whole HTTP application, configured the same way for the server, the tests and the OpenAPI script. */
export async function createApp(options: AppModuleOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(options),
    createHttpAdapter(options.config.bodyLimitBytes),
    {
      bufferLogs: true,
      autoFlushLogs: false, // boot logs are flushed to the JSON logger once it is in place (main.ts prints failures)
      abortOnError: false, // boot errors reach main.ts, which prints one line and exits 1
      bodyParser: false, // Fastify's own JSON parser only: any other content type is a 415
    },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.useGlobalPipes(createValidationPipe());
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
