package cmt.replay;

import cmt.codec.Op;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.HdrHistogram.Histogram;

/** The readable reports of one replay and of a comparison, as {@code cmt replay} and {@code cmt compare} print them. */
final class Report {
    private static final double MIB = 1024.0 * 1024.0;

    private Report() {
    }

    static String of(ReplayResult r) {
        StringBuilder b = new StringBuilder();
        line(b, "replay", r.input() + " with " + r.allocator() + " (" + r.library() + "), touch " + r.touch()
                + (r.isolated() ? ", in a child process" : ", in this process"));
        StringJoiner ops = new StringJoiner(", ");
        for (Op op : Op.values()) {
            if (r.calls().of(op) > 0) {
                ops.add(String.format(Locale.ROOT, "%,d %s", r.calls().of(op), name(op)));
            }
        }
        line(b, "events", r.events() == 0 ? "none" : String.format(Locale.ROOT, "%,d (%s)", r.events(), ops));
        line(b, "time", String.format(Locale.ROOT, "%.1f ms wall; %.1f ms in the replay loop",
                r.timing().wallNanos() / 1e6, r.timing().loopNanos() / 1e6) + (r.events() == 0 ? ""
                : String.format(Locale.ROOT, ", %.1f ns per event", r.nanosPerEvent())));
        Latency latency = r.latency();
        if (latency.sampleEvery() > 0 && r.events() > 0) {
            line(b, "latency", String.format(Locale.ROOT,
                    "1 event in %d timed; an empty timed interval reads %.1f ns, an empty downcall costs %.1f ns",
                    latency.sampleEvery(), latency.timerNanos(), latency.downcallNanos()));
            b.append(String.format(Locale.ROOT, "  %-9s %12s %10s %9s %9s %9s %9s %9s%n",
                    "op", "calls", "sampled", "mean ns", "p50", "p99", "p99.9", "max"));
            for (Op op : Op.values()) {
                Histogram h = latency.of(op);
                if (r.calls().of(op) == 0 || h.getTotalCount() == 0) {
                    continue;
                }
                b.append(String.format(Locale.ROOT, "  %-9s %,12d %,10d %9.1f %9d %9d %9d %9d%n", name(op),
                        r.calls().of(op), h.getTotalCount(), h.getMean(), h.getValueAtPercentile(50),
                        h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue()));
            }
        }
        Threads th = r.threads();
        if (th.recorded() > 1 || th.used() > 1) {
            long waits = th.waits().stream().mapToLong(Long::longValue).sum();
            line(b, "threads", String.format(Locale.ROOT, "%d recorded, replayed on %d; %,d frees and reallocs of a "
                    + "block from another thread", th.recorded(), th.used(), th.crossing())
                    + (th.used() > 1 ? String.format(Locale.ROOT, " (%,d waited for it)", waits)
                    : " (on one replay thread: a threaded replay needs --threads)"));
            if (th.used() > 1) {
                for (Op op : Op.values()) {
                    Histogram h = th.crossingLatency().of(op);
                    if (h.getTotalCount() > 0) {
                        line(b, "crossing", String.format(Locale.ROOT, "%-9s %,10d sampled %9.1f mean ns %9d p50 %9d p99",
                                name(op), h.getTotalCount(), h.getMean(), h.getValueAtPercentile(50),
                                h.getValueAtPercentile(99)));
                    }
                }
            }
        }
        Memory m = r.memory();
        String usable = !m.usableMeasured() ? "usable size not measured" : String.format(Locale.ROOT,
                "usable peak %s", mib(m.peakLiveUsable()))
                + (Double.isNaN(m.usableOverhead()) ? "" : String.format(Locale.ROOT, " (%+.2f%% over all allocations)",
                        m.usableOverhead() * 100));
        line(b, "memory", String.format(Locale.ROOT, "live peak %s requested in %,d blocks; %s; %,d blocks live at the end",
                mib(m.peakLiveRequested()), m.peakLiveBlocks(), usable, m.liveBlocksAtEnd()));
        ResidentSet rss = r.residentSet();
        line(b, "RSS", String.format(Locale.ROOT, "before %s, peak %s (%s more: %s the allocator's, %s the JVM's own), "
                + "at the end %s; %d samples", mib(rss.before()), mib(rss.peak()), mib(rss.peak() - rss.before()),
                mib(rss.allocatorGrowth()), mib(rss.jvmGrowth()), mib(rss.after()), rss.series().size()));
        for (Map.Entry<String, Long> e : r.statisticsAfter().entrySet()) {
            Long before = r.statisticsBefore().get(e.getKey());
            line(b, "stats", String.format(Locale.ROOT, "%-40s %,16d%s", e.getKey(), e.getValue(),
                    before == null ? "" : String.format(Locale.ROOT, " (before %,d)", before)));
        }
        for (String note : r.notes()) {
            line(b, "note", note);
        }
        if (r.output() != null && !r.output().equals("-")) {
            line(b, "trace", r.output());
        }
        return b.toString();
    }

    static String of(Comparison c) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s replayed with touch %s; latencies are means of sampled calls; "
                + "x-thread: frees and reallocs of a block last touched on another thread%n", c.input(), c.touch()));
        boolean layouts = c.layout(Comparison.RECORDED) != null;
        b.append(String.format(Locale.ROOT, "%-12s %14s %7s %9s %9s %9s %9s %9s %9s %12s %12s %12s %9s"
                + (layouts ? " %9s %9s" : "") + "%n", "allocator", "events", "threads", "x-thread", "wall ms",
                "ns/event", "malloc", "realloc", "free", "RSS before", "RSS peak", "live peak", "usable+%", "pages",
                "page frag"));
        for (String a : c.allocators()) {
            String failure = c.failures().get(a);
            if (failure != null) {
                b.append(String.format(Locale.ROOT, "%-12s %s%n", a, failure));
                continue;
            }
            ReplayResult r = c.result(a);
            double[] layout = c.layout(a);
            b.append(String.format(Locale.ROOT, "%-12s %,14d %7d %,9d %9.1f %9s %9s %9s %9s %12s %12s %12s %9s"
                    + (layout == null ? "" : " %,9d %9.3f") + "%n", layout == null ? new Object[] {a,
                    r.events(), r.threads().used(), r.threads().crossing(), r.timing().wallNanos() / 1e6,
                    number(r.nanosPerEvent()),
                    number(r.latency().meanNanos(Op.MALLOC)), number(r.latency().meanNanos(Op.REALLOC)),
                    number(r.latency().meanNanos(Op.FREE)), mib(r.residentSet().before()),
                    mib(r.residentSet().peak()), mib(r.memory().peakLiveRequested()),
                    number(r.memory().usableOverhead() * 100)} : new Object[] {a,
                    r.events(), r.threads().used(), r.threads().crossing(), r.timing().wallNanos() / 1e6,
                    number(r.nanosPerEvent()),
                    number(r.latency().meanNanos(Op.MALLOC)), number(r.latency().meanNanos(Op.REALLOC)),
                    number(r.latency().meanNanos(Op.FREE)), mib(r.residentSet().before()),
                    mib(r.residentSet().peak()), mib(r.memory().peakLiveRequested()),
                    number(r.memory().usableOverhead() * 100), (long) layout[0], layout[1]}));
        }
        double[] recorded = c.layout(Comparison.RECORDED);
        if (recorded != null) {
            b.append(String.format(Locale.ROOT, "%-12s %" + (14 + 8 + 10 + 10 + 10 * 4 + 13 * 3 + 10) + "s %,9d %9.3f%n",
                    Comparison.RECORDED, "(the trace's own addresses)", (long) recorded[0], recorded[1]));
        }
        return b.toString();
    }

    /** One decimal, or - for what was not measured (NaN). */
    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String name(Op op) {
        return op.name().toLowerCase(Locale.ROOT);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / MIB);
    }

    private static void line(StringBuilder b, String key, String text) {
        b.append(String.format(Locale.ROOT, "%-8s %s%n", key, text));
    }
}
