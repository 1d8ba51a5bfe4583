package cmt.codec.compact;

import java.lang.ref.SoftReference;

/**
 * One idle object of a kind per thread, softly held, for the next reader or writer the thread opens: the
 * compact format's tables cost more to allocate (the JVM zeroes them) than their next user costs to clear,
 * and a notebook or a test reads many files one after another.
 */
public final class Idle<T> {
    private final ThreadLocal<SoftReference<T>> kept = new ThreadLocal<>();

    /** This thread's idle object, which the caller now owns, or null. */
    public T take() {
        SoftReference<T> ref = kept.get();
        T t = ref == null ? null : ref.get();
        if (t != null) {
            kept.remove();
        }
        return t;
    }

    /** Keeps {@code t}, which its owner no longer uses, for this thread's next {@link #take}, unless one is kept already. */
    public void give(T t) {
        SoftReference<T> ref = kept.get();
        if (ref == null || ref.get() == null) {
            kept.set(new SoftReference<>(t));
        }
    }
}
