package cmt.replay;

import cmt.codec.Op;
import java.util.Locale;

/**
 * A replay that could not be done or did not finish: the allocator cannot be loaded, returned NULL, or
 * crashed. The message is one line for a person, e.g.
 * {@code jemalloc: allocator crashed (SIGSEGV) at event 99 (malloc of 16 bytes)}.
 */
public final class ReplayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Signal name of a crash, e.g. {@code SIGSEGV}; null when nothing crashed. */
    private final String signal;
    /** Trace index (from 0) of the event being replayed when it failed, or -1. */
    private final long event;

    /** A failure that is not a crash. */
    public ReplayException(String message) {
        this(message, null, -1);
    }

    /** A failure at {@code event}, a crash when {@code signal} is not null. */
    public ReplayException(String message, String signal, long event) {
        super(message, null, false, false);
        this.signal = signal;
        this.event = event;
    }

    /** An allocation of batch {@code ops} at {@code failed} that returned NULL. */
    static ReplayException returnedNull(String allocator, Ops ops, int failed) {
        long index = ops.base + failed;
        return new ReplayException(allocator + ": " + describe(ops.op[failed], ops.size[failed])
                + " returned NULL at event " + index, null, index);
    }

    /** e.g. "malloc of 16 bytes", "free". */
    static String describe(int op, long size) {
        String name = Op.of(op).name().toLowerCase(Locale.ROOT);
        return op == Op.FREE.ordinal() ? name : name + " of " + cmt.dsl.Numbers.formatUnsigned(size) + " bytes";
    }

    /** The signal that ended the replay, e.g. {@code SIGSEGV}, or null if the allocator did not crash. */
    public String signal() {
        return signal;
    }

    /** True if the allocator crashed (the replay's process died of a signal). */
    public boolean crashed() {
        return signal != null;
    }

    /** Index (from 0) of the trace event at which the replay failed, or -1 when not during an event. */
    public long event() {
        return event;
    }
}
