package cmt.dsl;

import cmt.codec.Leniency;
import cmt.codec.TraceReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Which part of a trace a {@link Trace} looks at, and how: everything a view changes, in one value, so
 * that a new setting is a new component and its {@code with} method.
 *
 * @param leniency    how the trace is read
 * @param from        first event index of the window (of the whole trace)
 * @param to          event index after the window's last, or {@link Long#MAX_VALUE} for the end
 * @param filter      which blocks are kept (by the event that created them), or null for all
 * @param filters     the filters' descriptions, in the order they were added (for {@link Trace#toString})
 * @param pageSize    bytes per page of the page and layout analyses (a power of two)
 * @param points      bound on the points of a time series
 * @param progress    told of every pass's progress, or null
 */
record View(Leniency leniency, long from, long to, BlockFilter.Predicate filter, List<String> filters,
        long pageSize, int points, TraceReader.ProgressListener progress) {
    /** The whole trace, read strictly, with the default page size and points. */
    static final View WHOLE = new View(Leniency.STRICT, 0, Long.MAX_VALUE, null, List.of(), Trace.PAGE_SIZE,
            Trace.POINTS, null);

    /** Keeps its own copy of the descriptions. */
    View {
        filters = List.copyOf(filters);
    }

    View withLeniency(Leniency l) {
        return new View(l, from, to, filter, filters, pageSize, points, progress);
    }

    /** The events in {@code [f, t)} of this window. */
    View withWindow(long f, long t) {
        return new View(leniency, Math.max(from, f), Math.min(to, t), filter, filters, pageSize, points, progress);
    }

    /** Only the blocks this view keeps that {@code p} keeps too. */
    View withFilter(BlockFilter.Predicate p, String description) {
        List<String> fs = new ArrayList<>(filters);
        fs.add(description);
        return new View(leniency, from, to, filter == null ? p : filter.and(p), fs, pageSize, points, progress);
    }

    View withPageSize(long bytes) {
        return new View(leniency, from, to, filter, filters, bytes, points, progress);
    }

    View withPoints(int n) {
        return new View(leniency, from, to, filter, filters, pageSize, n, progress);
    }

    View withProgress(TraceReader.ProgressListener listener) {
        return new View(leniency, from, to, filter, filters, pageSize, points, listener);
    }

    /** True if the view has a window narrower than the whole trace. */
    boolean windowed() {
        return from != 0 || to != Long.MAX_VALUE;
    }
}
