package cmt.dsl;

import cmt.codec.Event;
import cmt.codec.Format;
import cmt.codec.Output;
import cmt.codec.Leniency;
import cmt.codec.Op;
import cmt.codec.Repairs;
import cmt.codec.TraceReader;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.function.Predicate;
import cmt.codec.Sites;
import it.unimi.dsi.fastutil.longs.Long2BooleanOpenHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import tech.tablesaw.api.Table;

/**
 * A trace to analyse, or a view of one (a window of events, a selection of blocks, a sample), and the
 * analyses over it, each answered as a tablesaw {@link Table} with units in its column names.
 *
 * <pre>{@code
 * Trace t = Trace.open("456.hmmer.trace.bz2");
 * t.stats();                                   // events by op, peaks, size and lifetime percentiles
 * t.pages();                                   // working set over time, 4096-byte pages
 * t.window(0, 100_000).whereSize(1, 64).live(); // small blocks in the first 100,000 events
 * Charts.live(t.live());                       // a plotly figure of live bytes over time
 * }</pre>
 *
 * <p>Every analysis is a streaming pass over primitive data: memory follows the live blocks (or a fixed
 * bound), never the trace length, and time series come downsampled to at most about {@link #points}
 * points with the minimum and maximum of every bucket. {@link #compute} runs several analyses in one pass;
 * results are kept, so asking again costs nothing. Views are cheap, immutable, and start with no results.
 *
 * <p>A window {@code [from, to)} counts event indices of the whole trace (from 0) and does not reset the
 * heap: blocks allocated before the window are live in it, and a free in the window ends them. A filter
 * ({@link #whereOp}, {@link #whereSize}, {@link #whereThread}, {@link #sample}) selects blocks by the event
 * that created them and keeps their whole life, so a filtered view is again a valid trace (see
 * {@link BlockFilter} for how a realloc across the selection boundary is rewritten).
 *
 * <p>A pass reports progress to the listener given to {@link #onProgress} every 65,536 events, and stops
 * with a {@link java.util.concurrent.CancellationException} soon after its thread is interrupted. Bad input
 * stops it with a {@link cmt.codec.TraceException} naming file and line.
 */
public final class Trace {
    /** Default page size of the page and layout analyses, in bytes. */
    public static final long PAGE_SIZE = 4096;
    /** Default bound on the points of a time series. */
    public static final int POINTS = 1000;
    /** Default number of blocks in a heap map sample. */
    public static final int HEAP_MAP_BLOCKS = 5000;
    /** Default largest view {@link #events()} turns into a table. */
    public static final long EVENTS_LIMIT = 1_000_000;

    private final Source source;
    private final View view;
    private final Results results;

    /** What the passes of one view found; shared by views that differ only in their progress listener. */
    private static final class Results {
        final Map<Analysis, Probe> probes = new EnumMap<>(Analysis.class);
        /** Call-site results, by what they were asked with (e.g. {@code sites function}). */
        final Map<String, Table> siteTables = new HashMap<>();
        Repairs repairs;
        Format format;
        /** The trace's call sites, once a pass has read to the end. */
        Sites sites;
    }

    private Trace(Source source, View view, Results results) {
        this.source = source;
        this.view = view;
        this.results = results;
    }

    private Trace(Source source) {
        this(source, View.WHOLE, new Results());
    }

    /** A trace file in any format cmt reads (chosen by content), compressed or not. */
    public static Trace open(Path path) {
        return new Trace(Source.of(path));
    }

    /** A trace file by name, or standard input for {@code -} (which can be read by one pass only). */
    public static Trace open(String path) {
        return new Trace("-".equals(path) ? Source.stdin() : Source.of(Path.of(path)));
    }

    /** A trace written out in a string, one event per line, e.g. {@code "malloc(8) = 10\nfree(10)\n"}. */
    public static Trace of(String text) {
        return new Trace(Source.text(text));
    }

    /** A trace held in memory in any format cmt reads (chosen by content), compressed or not. */
    public static Trace of(byte[] trace, String name) {
        return new Trace(Source.bytes(trace, name));
    }

    // Views.

    /** The same trace seen through {@code changed}, which starts with no results. */
    private Trace view(View changed) {
        return new Trace(source, changed, new Results());
    }

    private Trace where(BlockFilter.Predicate p, String description) {
        return view(view.withFilter(p, description));
    }

    /** This trace read leniently: events the original tools rejected are rewritten (see {@link Leniency}). */
    public Trace lenient() {
        return leniency(Leniency.LENIENT);
    }

    /** This trace read with the given leniency. */
    public Trace leniency(Leniency l) {
        return l == view.leniency() ? this : view(view.withLeniency(l));
    }

    /** The events with index in {@code [from, to)} (of the whole trace; within this view's window). */
    public Trace window(long from, long to) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("window needs 0 <= from <= to: [" + from + ", " + to + ")");
        }
        return view(view.withWindow(from, to));
    }

    /** The blocks created by one of {@code ops} (a realloc creates its new block; a free creates none). */
    public Trace whereOp(Op... ops) {
        EnumSet<Op> set = EnumSet.noneOf(Op.class);
        set.addAll(Arrays.asList(ops));
        if (set.contains(Op.FREE)) {
            throw new IllegalArgumentException("a free creates no block: select blocks by the op that created them");
        }
        return where(e -> set.contains(e.op), "op in " + set);
    }

    /** The blocks of {@code min} to {@code max} requested bytes, inclusive. */
    public Trace whereSize(long min, long max) {
        return where(e -> Long.compareUnsigned(e.size, min) >= 0 && Long.compareUnsigned(e.size, max) <= 0,
                "size in [" + Long.toUnsignedString(min) + ", " + Long.toUnsignedString(max) + "]");
    }

    /** The blocks created by one of {@code threads} (none when the trace records no threads). */
    public Trace whereThread(long... threads) {
        long[] ts = threads.clone();
        Arrays.sort(ts);
        return where(e -> Arrays.binarySearch(ts, e.thread) >= 0, "thread in " + Arrays.toString(ts));
    }

    /** The blocks allocated at one of the call sites {@code ids} (see {@link #sites()}). */
    public Trace whereSite(long... ids) {
        long[] s = ids.clone();
        Arrays.sort(s);
        return where(e -> e.site != Event.NONE && Arrays.binarySearch(s, e.site) >= 0, "site in " + Arrays.toString(s));
    }

    /**
     * The blocks whose call stack (innermost frame first) {@code stack} accepts, e.g.
     * {@code t.whereSite(frames -> frames.stream().anyMatch(f -> "png_malloc".equals(f.function())))}.
     * Blocks without a site are not selected.
     */
    public Trace whereSite(Predicate<List<Sites.Frame>> stack) {
        Sites table = siteTable();
        Long2BooleanOpenHashMap verdicts = new Long2BooleanOpenHashMap();
        return where(e -> e.site != Event.NONE
                && verdicts.computeIfAbsent(e.site, id -> stack.test(table.frames(id))), "site matching " + stack);
    }

    /** The blocks with {@code function} anywhere in their call stack. */
    public Trace whereFunction(String function) {
        Sites table = siteTable();
        Long2BooleanOpenHashMap verdicts = new Long2BooleanOpenHashMap();
        return where(e -> e.site != Event.NONE && verdicts.computeIfAbsent(e.site,
                id -> table.frames(id).stream().anyMatch(f -> function.equals(f.function()))), "function " + function);
    }

    /**
     * About {@code fraction} of the blocks, chosen by a hash of their tag: the same blocks on every pass,
     * whole lives kept. Counts and bytes then scale by about {@code fraction}; distributions keep their
     * shape.
     */
    public Trace sample(double fraction) {
        return where(BlockFilter.sample(fraction), "sample " + fraction);
    }

    /** This view with pages of {@code bytes} (a power of two) for the page and layout analyses. */
    public Trace pageSize(long bytes) {
        if (bytes <= 0 || Long.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("page size must be a power of two: " + bytes);
        }
        return bytes == view.pageSize() ? this : view(view.withPageSize(bytes));
    }

    /** This view with time series of at most about {@code n} points (at least 2). */
    public Trace points(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("a time series needs at least 2 points: " + n);
        }
        return n == view.points() ? this : view(view.withPoints(n));
    }

    /** This view reporting the progress of its passes to {@code listener}; results are shared with this. */
    public Trace onProgress(TraceReader.ProgressListener listener) {
        return new Trace(source, view.withProgress(listener), results);
    }

    // Analyses.

    /** Runs the analyses not computed yet in one pass and keeps their results; returns this. */
    public Trace compute(Analysis... analyses) {
        synchronized (results) {
            EnumSet<Analysis> missing = EnumSet.noneOf(Analysis.class);
            for (Analysis a : analyses) {
                missing.addAll(probesOf(a));
            }
            missing.removeAll(results.probes.keySet());
            if (missing.isEmpty()) {
                return this;
            }
            Map<Analysis, Probe> probes = new EnumMap<>(Analysis.class);
            for (Analysis a : missing) {
                probes.put(a, probe(a));
            }
            pass(probes.values().toArray(new Probe[0]));
            results.probes.putAll(probes);
            return this;
        }
    }

    private static Set<Analysis> probesOf(Analysis a) {
        return switch (a) {
            case STATS, SIZES, LIFETIMES -> EnumSet.of(Analysis.STATS);
            case FRAGMENTATION -> EnumSet.of(Analysis.LAYOUT, Analysis.PAGES);
            default -> EnumSet.of(a);
        };
    }

    private Probe probe(Analysis a) {
        return switch (a) {
            case STATS -> new Census();
            case LIVE -> new LiveSeries(view.points());
            case PAGES -> new WorkingSet(view.pageSize(), view.points());
            case LAYOUT -> new Layout(view.pageSize());
            case HEAP_MAP -> new HeapMap(HEAP_MAP_BLOCKS);
            case ENCODING -> new EncodingSizes(Compression.cheap());
            case SIZES, LIFETIMES, FRAGMENTATION -> throw new AssertionError(a + " has no probe of its own");
        };
    }

    private <P extends Probe> P result(Analysis a, Class<P> type) {
        compute(a);
        synchronized (results) {
            return type.cast(results.probes.get(a));
        }
    }

    /** One streaming pass feeding every probe. */
    private void pass(Probe... probes) {
        BlockFilter selection = view.filter() == null ? null : new BlockFilter(view.filter());
        TraceReader.ProgressListener progress = view.progress();
        long from = view.from();
        long to = view.to();
        try (TraceReader r = source.open(view.leniency())) {
            if (progress != null) {
                r.onProgress(progress);
            }
            Event e = new Event();
            boolean whole = true;
            try {
                while (r.next(e)) {
                    if (e.index >= to) {
                        if (progress != null) {
                            progress.finished(r.count(), -1);
                        }
                        whole = false;
                        break;
                    }
                    if (selection != null && !selection.keep(e)) {
                        continue;
                    }
                    if (e.index < from) {
                        for (Probe p : probes) {
                            p.before(e);
                        }
                    } else {
                        for (Probe p : probes) {
                            p.accept(e);
                        }
                    }
                }
            } finally {
                for (Probe p : probes) {
                    p.finish();
                }
            }
            synchronized (results) {
                results.repairs = r.repairs();
                results.format = r.format();
                if (whole) {
                    results.sites = r.sites();
                }
            }
        }
    }

    // The view as a trace of its own.

    /**
     * Writes the view's events as a tagged text trace to {@code path} (replacing it once complete, unless
     * it is the file the trace is read from; an error or interrupt half-way leaves the old file; a name ending in .gz, .xz or .zst compresses it). A window keeps only
     * its own events, so frees of blocks allocated before it name blocks the file does not have: read such a
     * file leniently.
     */
    public Path save(Path path) {
        try (Output out = Output.create(path, true, source.file() == null ? null : source.file().toString())) {
            try (TraceWriter w = TraceWriter.open(out, Format.TEXT, WriteOptions.DEFAULT)) {
                pass(new Probe() {
                    @Override
                    public void before(Event e) {
                    }

                    @Override
                    public void accept(Event e) {
                        w.write(e);
                    }
                });
            }
            out.commit();
        }
        return path;
    }

    /**
     * Replays the view's events through a native allocator ({@code "glibc"}, {@code "jemalloc"},
     * {@code "mimalloc"}, {@code "tcmalloc"} or a path to a shared library) and returns the measurements
     * with the re-emitted trace, so that {@code t.replay("jemalloc").trace().layout()} is the layout
     * jemalloc would have produced. Needs the replay module ({@code cmt-replay}) on the class path, as the
     * command line and the notebook kernel have it.
     */
    public Replayed replay(String allocator) {
        Replayer replayer = java.util.ServiceLoader.load(Replayer.class).findFirst().orElseThrow(
                () -> new IllegalStateException("replay needs the cmt-replay module on the class path"));
        try {
            Path events = java.nio.file.Files.createTempFile("cmt-replay-", ".trace");
            events.toFile().deleteOnExit();
            return replayer.replay(save(events), allocator);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The {@code stats} table ({@code measure}, {@code value}, {@code unit}): {@code events} in the view and
     * per op ({@code malloc}, {@code calloc}, {@code aligned}, {@code realloc}, {@code free}),
     * {@code threads} seen, bytes {@code allocated} and {@code freed}, {@code peak live blocks} and
     * {@code peak live bytes} with the event index where each was first reached, {@code live blocks at end}
     * and {@code live bytes at end}, the p50, p90, p99 and max of the requested sizes of created blocks and
     * of the lifetimes (events) of ended ones, and for a lenient read a row per kind of repair. Byte
     * values are unsigned 64-bit, as sizes are: one of 2^63 or more reads negative as a Java {@code long}
     * ({@code Long.toUnsignedString} and {@link Numbers#formatUnsigned} print it); a total that would
     * pass 2^64 is a {@code TraceException}, never a wrapped number.
     */
    public StatsTable stats() {
        return StatsTable.of(summary());
    }

    /** The same summary as {@link #stats()}, typed ({@code t.summary().peakLiveBytes()}). */
    public Stats summary() {
        Census c = result(Analysis.STATS, Census.class);
        return new Stats(c, c.measures(view.leniency() == Leniency.LENIENT ? repairs() : null));
    }

    /** Events in the view. */
    public long count() {
        return result(Analysis.STATS, Census.class).events();
    }

    /**
     * The {@code sizes} table: requested sizes of the blocks created in the view in power-of-two buckets
     * ({@code from (bytes)}, {@code to (bytes)}, {@code blocks}, {@code bytes} requested in total,
     * {@code cumulative fraction} of blocks).
     */
    public ChartedTable sizes() {
        return ChartedTable.of(result(Analysis.STATS, Census.class).sizes.table("sizes", "bytes", "bytes"), Charts::sizes);
    }

    /**
     * The {@code lifetimes} table: lifetimes of the blocks ended in the view, in events from creation to
     * end, in power-of-two buckets ({@code from (events)}, {@code to (events)}, {@code blocks},
     * {@code cumulative fraction}): the lifetime CDF.
     */
    public ChartedTable lifetimes() {
        return ChartedTable.of(result(Analysis.STATS, Census.class).lifetimes.table("lifetimes", "events", null),
                Charts::lifetimes);
    }

    /**
     * The {@code live} series: {@code first event}, {@code last event} of each bucket, then
     * {@code live blocks} and {@code live bytes}, each as {@code min}, {@code max} and {@code last}.
     */
    public ChartedTable live() {
        return ChartedTable.of(result(Analysis.LIVE, LiveSeries.class).series().table("live"), Charts::live);
    }

    /**
     * The {@code working set} series: pages covered by live blocks after each event ({@code first event},
     * {@code last event}, {@code pages min}, {@code pages max}, {@code pages last}); a page counts once
     * however many blocks share it.
     */
    public ChartedTable pages() {
        return ChartedTable.of(result(Analysis.PAGES, WorkingSet.class).series()
                .table("working set (" + view.pageSize() + "-byte pages)"), Charts::pages);
    }

    /** {@link #pages()} with pages of {@code bytes}. */
    public ChartedTable pages(long bytes) {
        return pageSize(bytes).pages();
    }

    /**
     * The {@code gaps} table of the address layout: gap sizes in power-of-two buckets ({@code from (bytes)},
     * {@code to (bytes)}), and how many new blocks had such a gap to their address neighbour {@code below}
     * and {@code above}, and how many such gaps lay between neighbours {@code at end}.
     */
    public ChartedTable layout() {
        return ChartedTable.of(result(Analysis.LAYOUT, Layout.class).table(), Charts::gaps);
    }

    /**
     * The {@code fragmentation} table ({@code measure}, {@code value}, {@code unit}, {@code definition}):
     * page, extent and hole fragmentation with the quantities they are made of (see {@link Fragmentation}).
     */
    public Table fragmentation() {
        compute(Analysis.FRAGMENTATION);
        return Fragmentation.table(result(Analysis.LAYOUT, Layout.class), result(Analysis.PAGES, WorkingSet.class),
                view.pageSize());
    }

    /**
     * The {@code heap map} table: a sample of at most {@value #HEAP_MAP_BLOCKS} blocks created in the view
     * ({@code first event}, {@code last event} or -1 if live at the end, {@code address},
     * {@code size (bytes)}).
     */
    public ChartedTable heapMap() {
        return ChartedTable.of(result(Analysis.HEAP_MAP, HeapMap.class).table(), Charts::heapMap);
    }

    /**
     * The {@code encoding} table: what the view costs in each {@link Encoding} under the cheap compressors
     * ({@code format}, {@code compression}, {@code bytes}, {@code bytes per event}).
     */
    public Table encoding() {
        return result(Analysis.ENCODING, EncodingSizes.class).table();
    }

    /** The {@code encoding} table under the given compressors ({@link Compression#NONE} for the raw size). */
    public Table encoding(Compression... compressions) {
        if (Arrays.equals(compressions, Compression.cheap())) {
            return encoding();
        }
        EncodingSizes sizes = new EncodingSizes(compressions);
        pass(sizes);
        return sizes.table();
    }

    /** The {@code events} table of this view, refused beyond {@value #EVENTS_LIMIT} events. */
    public Table events() {
        return events(EVENTS_LIMIT);
    }

    /**
     * One row per event of this view ({@code event}, {@code op}, {@code size (bytes)}, {@code address},
     * {@code tag}, {@code old address}, {@code old tag}, {@code old size (bytes)}, {@code lifetime (events)},
     * {@code thread}, {@code timestamp (ns)}), refused with an {@link IllegalStateException} beyond
     * {@code limit} events: narrow the view with {@link #window} or {@link #sample} first.
     */
    public Table events(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("events(limit) needs a limit of 0 or more: " + limit);
        }
        EventTable table = new EventTable(limit, toString());
        pass(table);
        return table.table();
    }

    // Call sites.

    /** The message of a call-site analysis of a trace that has none. */
    public static final String NO_SITES = "no call sites in this trace; record with cmt record or heaptrack";

    /**
     * The trace's call sites: each {@link Event#site} id's stack, innermost frame first. Read with the first
     * pass that reaches the end of the trace (a windowed view reads the whole trace once for it).
     */
    public Sites siteTable() {
        synchronized (results) {
            if (results.sites == null) {
                try (TraceReader r = source.open(view.leniency())) {
                    Event e = new Event();
                    while (r.next(e)) {
                        // The table follows the last event.
                    }
                    results.sites = r.sites();
                }
            }
            return results.sites;
        }
    }

    /** {@link #sites(By)} by the recorder's sites: one row per call stack. */
    public ChartedTable sites() {
        return sites(By.SITE);
    }

    /**
     * The {@code sites} table: which code made the heap, one row per call site ({@link By#SITE}) or per
     * function, source line, module or stack prefix of the sites ({@code by}). Columns: {@code site} (the
     * recorder's id, by site only), {@code stack} (the frames, innermost first, joined by
     * {@value By#ARROW}; or the group's key), {@code blocks} and {@code allocated (bytes)} created in the
     * view, {@code live at peak (bytes)} and {@code (blocks)} at the view's peak of live bytes (the peak of
     * {@link #stats()}; DHAT's t-gmax), {@code live at end}, {@code own peak (bytes)} of the group itself,
     * {@code lifetime p50} and {@code p90} in events (and in ns when the trace has timestamps) of the blocks
     * ended in the view, {@code dies within 1000 events (fraction)} of the blocks created in the view,
     * {@code min size} and {@code max size}. Sorted by live bytes at the peak, then bytes allocated,
     * descending. A trace without call sites is a {@link cmt.codec.TraceException} saying so ({@link #NO_SITES}).
     */
    public ChartedTable sites(By by) {
        String key = "sites " + by;
        synchronized (results) {
            Table cached = results.siteTables.get(key);
            if (cached != null) {
                return ChartedTable.of(cached.copy(), Charts::flame);
            }
        }
        SiteCensus census = new SiteCensus(new SiteGroups(by, by.bySite() ? null : siteTable()));
        pass(census);
        if (!census.anySite() && siteTable().isEmpty()) {
            throw new cmt.codec.TraceException(name() + ": " + NO_SITES);
        }
        Table t = census.table(siteTable());
        synchronized (results) {
            results.siteTables.put(key, t);
        }
        return ChartedTable.of(t.copy(), Charts::flame);
    }

    /** True if the trace has call sites (reads the whole trace once if no pass has yet). */
    public boolean hasSites() {
        return !siteTable().isEmpty();
    }

    /** {@link #predictability(int, long...)} of stack depths 1 to 8 and classes below 1,000 and 10^6 events. */
    public Table predictability() {
        return predictability(8, 1000, 1_000_000);
    }

    /**
     * Would segregating blocks by call site work? For lifetime classes split at {@code bounds} (events),
     * one row per stack depth 1 to {@code maxDepth} and one for whole stacks: how often a block's class is
     * the majority class of its site, against the majority class of all blocks (see {@link Predictability}).
     */
    public Table predictability(int maxDepth, long... bounds) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("predictability needs a depth of at least 1: " + maxDepth);
        }
        Predictability p = new Predictability(bounds);
        pass(p);
        requireSites();
        return p.table(maxDepth, siteTable());
    }

    /**
     * Per site (or group, {@code by}): the blocks in each lifetime class split at {@code bounds} (default
     * 1,000 and 10^6 events), the majority class and how often it is right.
     */
    public Table predictability(By by, long... bounds) {
        Predictability p = new Predictability(bounds.length == 0 ? new long[] {1000, 1_000_000} : bounds);
        pass(p);
        requireSites();
        return p.bySite(by, siteTable());
    }

    /**
     * The {@code live bytes by site} series of the {@code top} sites of {@link #sites()} (by live bytes at
     * the peak): one row per site and bucket, {@code site}, {@code stack}, then as {@link #live()}.
     */
    public Table siteLive(int top) {
        Table sites = sites();
        int n = Math.min(top, sites.rowCount());
        long[] ids = new long[n];
        String[] stacks = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = sites.longColumn("site").getLong(i);
            stacks[i] = sites.stringColumn("stack").get(i);
        }
        SiteSeries s = new SiteSeries(ids, stacks, view.points());
        pass(s);
        return s.table();
    }

    /**
     * The differences between two traces of the same program (two runs, two inputs, a recording and its
     * replay), call site by call site: {@code Trace.diff(before, after).sites()}.
     */
    public static Diff diff(Trace a, Trace b) {
        return new Diff(a, b);
    }

    private void requireSites() {
        if (siteTable().isEmpty()) {
            throw new cmt.codec.TraceException(name() + ": " + NO_SITES);
        }
    }

    // About the view.

    /** The input's name. */
    public String name() {
        return source.name();
    }

    /** The input's format, known after the first pass (null before). */
    public Format format() {
        synchronized (results) {
            return results.format;
        }
    }

    /** What a lenient read changed, known after the first pass (null before). */
    public Repairs repairs() {
        synchronized (results) {
            return results.repairs;
        }
    }

    /** The page size of the page and layout analyses. */
    public long pageSize() {
        return view.pageSize();
    }

    /** e.g. {@code Trace(ls.trace, window [0, 1000), size in [1, 64], lenient)}. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "Trace(", ")");
        j.add(source.name());
        if (view.windowed()) {
            j.add("window [" + view.from() + ", " + (view.to() == Long.MAX_VALUE ? "end" : String.valueOf(view.to()))
                    + ")");
        }
        view.filters().forEach(j::add);
        if (view.leniency() == Leniency.LENIENT) {
            j.add("lenient");
        }
        if (view.pageSize() != PAGE_SIZE) {
            j.add(view.pageSize() + "-byte pages");
        }
        return j.toString();
    }
}
