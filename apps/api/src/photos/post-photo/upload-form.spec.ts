import { ProblemError } from '../../platform';
import { readUploadForm } from './upload-form';

const image = Buffer.from('image bytes');
const file = (bytes = image) => ({ type: 'file', toBuffer: async () => bytes });
const field = (value: unknown, valueTruncated = false) => ({
  type: 'field',
  value,
  valueTruncated,
});

/** The fields a refusal names, or the form when it is accepted. */
async function read(body: Record<string, unknown>) {
  try {
    return await readUploadForm(body);
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    expect(error.problem).toMatchObject({
      status: 400,
      type: expect.stringMatching(/validation$/),
    });
    return (error.problem.extensions!.errors as { field: string }[]).map((e) => e.field);
  }
}

describe('readUploadForm', () => {
  it('reads the photo, caption and a complete location', async () => {
    expect(
      await read({
        photo: file(),
        caption: field('Hi'),
        lat: field(' -12.5 '),
        lng: field('130'),
        placeName: field('Darwin'),
      }),
    ).toEqual({ image, caption: 'Hi', location: { lat: -12.5, lng: 130, placeName: 'Darwin' } });
  });

  it('treats blank optional fields as absent, as HTML forms send them', async () => {
    expect(
      await read({ photo: file(), caption: field(''), lat: field(''), lng: field(' ') }),
    ).toEqual({ image, caption: '' });
  });

  it.each([
    ['no photo', { caption: field('x') }, ['photo']],
    ['a photo sent as text', { photo: field('abc') }, ['photo']],
    ['two photos', { photo: [file(), file()] }, ['photo']],
    ['a caption sent as a file', { photo: file(), caption: file() }, ['caption']],
    ['a field parsed as JSON', { photo: file(), caption: field({ a: 1 }) }, ['caption']],
    ['a truncated field', { photo: file(), caption: field('x'.repeat(10), true) }, ['caption']],
    ['an exponent', { photo: file(), lat: field('1e1'), lng: field('2') }, ['lat']],
    ['Infinity', { photo: file(), lat: field('1'), lng: field('Infinity') }, ['lng']],
    ['lng alone', { photo: file(), lng: field('2') }, ['lat']],
    ['junk lat and no lng', { photo: file(), lat: field('x') }, ['lat', 'lng']],
    ['an unknown field', { photo: file(), tags: field('a') }, ['tags']],
  ])('refuses %s', async (_, body, fields) => {
    expect(await read(body)).toEqual(fields);
  });
});
