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
  const document = SwaggerModule.createDocument(app, config);
  // Every route that reads or writes the database can find it unavailable (src/common/database-unavailable.ts).
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/v1/')) continue;
    for (const op of Object.values(item) as { responses?: Record<string, unknown> }[]) {
      if (op?.responses && !op.responses['503']) op.responses['503'] = { description: DATABASE_UNAVAILABLE_DOC };
    }
  }
  return document;
}

const DATABASE_UNAVAILABLE_DOC =
  'DATABASE_UNAVAILABLE: the database refused or dropped the connection, or gave none within DATABASE_CONNECT_TIMEOUT_MS; ' +
  'send the request again after Retry-After seconds (an event sent again is answered DUPLICATE if it was applied)';
