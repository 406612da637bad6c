export const SUBJECT_KINDS = ['ours', 'emmett', 'raw_insert'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export type HostRequest = { id: number } & (
  | { op: 'append'; writers: number; batch: number; ms: number }
  | { op: 'fill'; events: number; perAppend: number; writers: number }
  | { op: 'read'; batchSize: number }
  | { op: 'appended' }
  | { op: 'close' }
);

/** id 0 is the start-up reply: 'ready', or the error that kept the subject from starting. */
export type HostReply = { id: number } & (
  { ok: true; value: unknown } | { ok: false; error: string }
);
