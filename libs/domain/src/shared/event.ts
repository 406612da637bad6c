/**
 * An event as the domain sees it: a type and plain JSON data. Ids are decimal strings, times are
 * ISO-8601 strings. The event id, metadata and schema version are added by whoever appends it.
 */
export type DomainEvent<Type extends string, Data> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/** Whether an event is one of `types`; narrows a union to the members named in `types`. */
export function isOneOf<Event extends { type: string }, Type extends Event['type']>(
  event: Event,
  types: Readonly<Record<Type, true>>,
): event is Extract<Event, { type: Type }> {
  return Object.prototype.hasOwnProperty.call(types, event.type);
}
