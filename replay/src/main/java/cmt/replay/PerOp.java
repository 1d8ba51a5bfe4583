package cmt.replay;

import cmt.codec.Op;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One value for each kind of allocator call: the calls a replay made, or their sampled latencies.
 *
 * <pre>{@code
 * r.calls().of(Op.MALLOC);      // mallocs replayed
 * r.calls().free();             // the same, by name
 * }</pre>
 *
 * @param malloc  for {@link Op#MALLOC}
 * @param calloc  for {@link Op#CALLOC}
 * @param aligned for {@link Op#ALIGNED}
 * @param realloc for {@link Op#REALLOC}
 * @param free    for {@link Op#FREE}
 * @param <T>     the value's type
 */
public record PerOp<T>(T malloc, T calloc, T aligned, T realloc, T free) {
    /** Refuses a missing value: every kind of call has one. */
    public PerOp {
        Objects.requireNonNull(malloc, "malloc");
        Objects.requireNonNull(calloc, "calloc");
        Objects.requireNonNull(aligned, "aligned");
        Objects.requireNonNull(realloc, "realloc");
        Objects.requireNonNull(free, "free");
    }

    /** The values {@code value} gives for each kind of call. */
    public static <T> PerOp<T> from(Function<Op, ? extends T> value) {
        return new PerOp<>(value.apply(Op.MALLOC), value.apply(Op.CALLOC), value.apply(Op.ALIGNED),
                value.apply(Op.REALLOC), value.apply(Op.FREE));
    }

    /** The value for {@code op}. */
    public T of(Op op) {
        return switch (op) {
            case MALLOC -> malloc;
            case CALLOC -> calloc;
            case ALIGNED -> aligned;
            case REALLOC -> realloc;
            case FREE -> free;
        };
    }

    /** Each value changed by {@code f}. */
    public <U> PerOp<U> map(Function<? super T, ? extends U> f) {
        return from(op -> f.apply(of(op)));
    }

    /** The values in the order of {@link Op#values()}. */
    public List<T> values() {
        return List.of(malloc, calloc, aligned, realloc, free);
    }
}
