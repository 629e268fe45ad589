package org.dunning.platform.eventstore;

/** How an aggregate's state follows from its events: the state before any, one step, and the stream version of a state. */
public interface Evolver<S, E> {

    S initial();

    S evolve(S state, E event);

    long version(S state);

    static <S, E> Evolver<S, E> of(S initial, java.util.function.BiFunction<S, E, S> evolve,
                                   java.util.function.ToLongFunction<S> version) {
        return new Evolver<>() {
            @Override
            public S initial() {
                return initial;
            }

            @Override
            public S evolve(S state, E event) {
                return evolve.apply(state, event);
            }

            @Override
            public long version(S state) {
                return version.applyAsLong(state);
            }
        };
    }
}
