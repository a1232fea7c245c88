package io.ledger.eventstore;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A lazy stream over batches fetched one at a time; an empty batch means "none here, ask again". */
final class Batches {

    interface Source<T> {
        /** The next batch (possibly empty), or null when there is none. */
        List<T> next();
    }

    private Batches() {
    }

    static <T> Stream<T> lazily(Source<T> source) {
        Spliterator<T> spliterator = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            private final Deque<T> buffer = new ArrayDeque<>();
            private boolean exhausted;

            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                while (buffer.isEmpty() && !exhausted) {
                    List<T> batch = source.next();
                    if (batch == null) {
                        exhausted = true;
                    } else {
                        buffer.addAll(batch);
                    }
                }
                if (buffer.isEmpty()) {
                    return false;
                }
                action.accept(buffer.poll());
                return true;
            }
        };
        return StreamSupport.stream(spliterator, false);
    }
}
