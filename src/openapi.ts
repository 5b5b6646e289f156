import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('n200')
    .setDescription(
      'Home Office Counting Rules (HOCR) N200 modern slavery recording: NRM and Duty to Notify events, classification, statistical returns and compliance. ' +
        'Every /v1 route needs a bearer JWT with `roles` and `forces` claims. Errors use one envelope: { statusCode, code, message, details[], correlationId }.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config);
}
