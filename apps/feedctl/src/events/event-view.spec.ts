import type { RecordedEvent } from '@photofeed/event-store';
import { dataPreview, eventView, humanLine, jsonLine, printable, REDACTED } from './event-view';

const recorded = (streamId: string, data: unknown): RecordedEvent => ({
  id: '0195d1c0-0000-7000-8000-000000000001',
  type: 'PasswordSet',
  schemaVersion: 1,
  streamId,
  streamRevision: 3n,
  position: { tx: 18446744073709551615n, seq: 9007199254740993n },
  globalPosition: 9007199254740993n,
  recordedAt: new Date('2026-03-02T14:03:11.123Z'),
  data,
  metadata: { actorId: '42' },
});

describe('eventView', () => {
  it('writes positions and revisions as exact text (beyond 2^53 and 2^64-1)', () => {
    const view = eventView(recorded('user-1', {}));
    expect(view.position).toBe('18446744073709551615-9007199254740993');
    expect(view.globalPosition).toBe('9007199254740993');
    expect(view.streamRevision).toBe('3');
    expect(view.recordedAt).toBe('2026-03-02T14:03:11.123Z');
  });

  it.each(['credentials-1', 'session-77'])('redacts the data of private stream %s', (stream) => {
    const view = eventView(recorded(stream, { passwordHash: '$argon2id$secret' }));
    expect(view.data).toBe(REDACTED);
    expect(jsonLine(view)).not.toContain('argon2id');
    expect(humanLine(view)).not.toContain('argon2id');
    // Operators still see that the event exists, and who caused it.
    expect(view.type).toBe('PasswordSet');
    expect(view.metadata).toEqual({ actorId: '42' });
  });

  it('keeps the data of public streams, even those whose name starts like a private one', () => {
    for (const stream of ['user-1', 'credentialsx-1', 'sessions-1']) {
      expect(eventView(recorded(stream, { caption: 'hi' })).data).toEqual({ caption: 'hi' });
    }
  });
});

describe('jsonLine', () => {
  it('is one compact line that parses back to the view', () => {
    const view = eventView(recorded('photo-1', { caption: 'two\nlines' }));
    const line = jsonLine(view);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(view);
  });
});

describe('humanLine', () => {
  it('shows position, time, stream, revision, type and a preview, in that order', () => {
    const line = humanLine(eventView(recorded('photo-1', { caption: 'hi' })));
    expect(line).toMatch(
      /^18446744073709551615-9007199254740993 +2026-03-02T14:03:11\.123Z +photo-1 +r3 +PasswordSet +\{"caption":"hi"\}$/,
    );
  });

  it('cannot be broken or used to drive the terminal by what an event carries', () => {
    const event = { ...recorded('photo-1', { caption: 'a\u2028b\u009b31m' }), type: 'X\u001b[2J' };
    const line = humanLine(eventView(event));
    // eslint-disable-next-line no-control-regex -- the point: none of them may get through
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028]/);
    expect(line).toContain('X\\u001b[2J');
    expect(line).toContain('a\\u2028b\\u009b31m');
  });
});

describe('dataPreview', () => {
  it('is the compact JSON when it fits', () => {
    expect(dataPreview({ a: 1, b: [2, 3] }, 20)).toBe('{"a":1,"b":[2,3]}');
  });

  it('is cut to the width, ending in an ellipsis', () => {
    const preview = dataPreview({ caption: 'x'.repeat(500) }, 40);
    expect(preview).toHaveLength(40);
    expect(preview.startsWith('{"caption":"xxx')).toBe(true);
    expect(preview.endsWith('…')).toBe(true);
  });

  it('never ends in half a surrogate pair', () => {
    const preview = dataPreview({ c: '😀'.repeat(30) }, 10); // {"c":" is 6 characters
    expect(preview).toBe('{"c":"😀…');
  });
});

describe('printable', () => {
  it('leaves ordinary text, accents and emoji alone', () => {
    expect(printable('username-zoë 😀')).toBe('username-zoë 😀');
  });
});
