import { Body, Controller, Module, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { createTestApp, type TestApp } from '../testing/create-test-app';
import { BEARER_AUTH } from './openapi';
import { ApiProblems } from './problem.schema';
import { Public } from '../../auth/public.decorator';

class PostNote {
  @ApiProperty({ example: 'hello' })
  @IsString()
  text!: string;
}

// Public to the real bearer guard; HeaderAuthGuard (if any) still names the user.
@Public()
@Controller('test-openapi')
@ApiBearerAuth(BEARER_AUTH)
class OpenApiTestController {
  @Post('notes')
  @ApiProblems(404, 409)
  post(@Body() note: PostNote) {
    return note;
  }
}

@Module({ controllers: [OpenApiTestController] })
class OpenApiTestModule {}

describe('OpenAPI document', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp({ imports: [OpenApiTestModule] });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('is served at /openapi.json, generated from the controllers', async () => {
    const res = await fetch(`${api.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document, probed by path
    const doc = (await res.json()) as any;

    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes[BEARER_AUTH]).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(doc.components.schemas.ProblemDetails.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'instance', 'requestId']),
    );
    expect(doc.components.schemas.PostNote.properties.text).toMatchObject({ type: 'string' });

    const operation = doc.paths['/test-openapi/notes'].post;
    expect(operation.security).toEqual([{ [BEARER_AUTH]: [] }]);
    for (const status of ['400', '404', '409', '429', '500']) {
      expect(operation.responses[status].content['application/problem+json'].schema).toEqual({
        $ref: '#/components/schemas/ProblemDetails',
      });
    }
    // Probes are not part of the public API.
    expect(Object.keys(doc.paths).some((path) => path.startsWith('/health'))).toBe(false);
  });
});
