import { Field, InterfaceType } from '@nestjs/graphql';

/**
 * What every mutation answers, besides its own fields. `position` is the log position the write
 * reached: pass it to a query to read your own write once the read models have caught up.
 */
@InterfaceType({ description: 'The outcome of a write.' })
export abstract class WriteResult {
  @Field(() => Boolean, {
    description: 'False when the command asked for what was already true (liking twice).',
  })
  changed!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Log position the write reached; null when nothing was written.',
  })
  position!: string | null;
}
