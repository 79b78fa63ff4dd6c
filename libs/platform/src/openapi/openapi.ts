import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const BEARER_SCHEME = 'bearer';

/** Interactive docs at /docs and the document at /docs-json; every operation needs the bearer token. */
export function setUpOpenApi(app: INestApplication, serviceName: string, version = '1'): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`Continuum ${serviceName} API`)
      .setDescription(`The ${serviceName} service of Continuum. Errors are application/problem+json (RFC 9457).`)
      .setVersion(version)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
      .addSecurityRequirements(BEARER_SCHEME)
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
