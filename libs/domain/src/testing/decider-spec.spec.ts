import type { FollowEvent } from '../follows/events';
import { evolveFollow, initialFollowState, type FollowState } from '../follows/follow-state';
import { type Decider, emit, emitThenReject, unchanged } from '../shared/decider';
import { ConflictError, DomainError, UnauthenticatedError } from '../shared/domain-error';
import { followStream } from '../shared/streams';
import { deciderSpec } from './decider-spec';
import { ANA, BEN, followed } from './fixtures';

// The helper must fail loudly whenever the decision differs from what a test states: otherwise a
// dropped rule would still pass.
type Toy = 'follow' | 'nothing' | 'refuse' | 'revoke' | 'elsewhere' | 'mutate';

const toy: Decider<Toy, FollowState, FollowEvent> = {
  streams: () => [followStream(BEN, ANA)],
  initialState: initialFollowState,
  evolve: evolveFollow,
  decide: (command, state) => {
    switch (command) {
      case 'follow':
        return emit(followed());
      case 'nothing':
        return unchanged();
      case 'refuse':
        throw new ConflictError('username_taken', 'taken');
      case 'revoke':
        return emitThenReject(
          new UnauthenticatedError('refresh_token_reused', 'reused'),
          followed(),
        );
      case 'elsewhere':
        return emit(followed(ANA, BEN));
      case 'mutate':
        (state as { following: boolean }).following = true;
        return unchanged();
    }
  },
};
const spec = deciderSpec(toy);

describe('deciderSpec', () => {
  it('passes when the decision is as stated', () => {
    spec.given([]).when('follow').then([followed()]);
    spec.given([]).when('nothing').thenUnchanged();
    spec.given([]).when('refuse').thenRefuses('username_taken');
    spec.given([]).when('refuse').thenThrows(ConflictError);
    spec
      .given([])
      .when('refuse')
      .thenThrows((e) => e instanceof DomainError && e.kind === 'conflict');
    spec.given([]).when('revoke').thenRefusesAfter([followed()], 'refresh_token_reused');
  });

  it('fails when the events, the change or the refusal differ', () => {
    expect(() => spec.given([]).when('follow').then([])).toThrow();
    expect(() => spec.given([]).when('follow').thenUnchanged()).toThrow();
    expect(() => spec.given([]).when('nothing').then([followed()])).toThrow();
    expect(() => spec.given([]).when('follow').thenRefuses('username_taken')).toThrow();
    expect(() => spec.given([]).when('refuse').thenRefuses('photo_deleted')).toThrow();
    expect(() => spec.given([]).when('refuse').thenThrows(UnauthenticatedError)).toThrow();
    expect(() => spec.given([]).when('revoke').then([followed()])).toThrow();
  });

  it('fails when an event goes to a stream the handler did not read', () => {
    expect(() =>
      spec
        .given([])
        .when('elsewhere')
        .then([followed(ANA, BEN)]),
    ).toThrow();
  });

  it('fails when decide mutates the state', () => {
    expect(() => spec.given([followed()]).when('mutate').thenUnchanged()).toThrow(TypeError);
  });
});
