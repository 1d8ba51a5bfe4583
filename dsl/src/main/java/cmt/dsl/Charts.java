package cmt.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.TickSettings;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Charts of the {@link cmt.dsl.Trace} tables as tablesaw-jsplot (plotly) figures, and the HTML that
 * shows them offline: plotly.js comes from its webjar on the classpath and is inlined, never fetched.
 *
 * <pre>{@code
 * Trace t = Trace.open("ls.trace");
 * Files.writeString(Path.of("ls.html"), Charts.html("ls", Charts.live(t.live()), Charts.pages(t.pages())));
 * }</pre>
 *
 * A page embedding several figures (a notebook) loads {@link #plotlyJs()} once and adds a
 * {@link #fragment} per figure.
 */
public final class Charts {
    private static final int HEIGHT = 420;
    private static final int WIDTH = 1000;
    private static final AtomicLong IDS = new AtomicLong();

    private Charts() {
    }

    /** Live bytes over events (the band between each bucket's minimum and maximum) and peak live blocks. */
    public static Figure live(Table live) {
        double[] x = column(live, "first event");
        Trace blocks = ScatterTrace.builder(x, column(live, "live blocks max"))
                .mode(ScatterTrace.Mode.LINE).name("live blocks (max)").yAxis(ScatterTrace.YAxis.Y2)
                .line(Line.builder().color("#9a9a9a").width(1).build()).build();
        Layout layout = Layout.builder().title("Live heap").height(HEIGHT).width(WIDTH)
                .xAxis(Axis.builder().title("event").build())
                .yAxis(Axis.builder().title("live bytes").build())
                .yAxis2(Axis.builder().title("live blocks").side(Axis.Side.right)
                        .overlaying(ScatterTrace.YAxis.Y).showGrid(false).build())
                .build();
        Trace[] band = band(x, column(live, "live bytes min"), column(live, "live bytes max"), "live bytes", "#1f77b4");
        return new Figure(layout, band[0], band[1], blocks);
    }

    /** The working set in pages over events (band between each bucket's minimum and maximum). */
    public static Figure pages(Table workingSet) {
        double[] x = column(workingSet, "first event");
        Layout layout = Layout.builder().title(workingSet.name()).height(HEIGHT).width(WIDTH)
                .xAxis(Axis.builder().title("event").build())
                .yAxis(Axis.builder().title("pages").build())
                .build();
        Trace[] band = band(x, column(workingSet, "pages min"), column(workingSet, "pages max"), "pages", "#2ca02c");
        return new Figure(layout, band[0], band[1]);
    }

    /** Blocks per power-of-two size bucket. */
    public static Figure sizes(Table sizes) {
        Layout layout = Layout.builder().title("Block sizes").height(HEIGHT).width(WIDTH)
                .xAxis(Axis.builder().title("requested bytes").type(Axis.Type.CATEGORY).build())
                .yAxis(Axis.builder().title("blocks").build())
                .build();
        return new Figure(layout, BarTrace.builder(labels(sizes, "bytes"), column(sizes, "blocks"))
                .name("blocks").build());
    }

    /**
     * Several traces (recordings, inputs, replays under different allocators) side by side in one chart,
     * one line or bar group each, named by the map's keys in their order: {@code LIVE} live bytes (the
     * maximum of each bucket), {@code PAGES} the working set, {@code LIFETIMES} the lifetime CDFs,
     * {@code SIZES} the blocks per size bucket, {@code LAYOUT} the gap below each new block; buckets a trace
     * lacks count 0.
     *
     * <pre>{@code
     * Charts.compare(Map.of("glibc", glibcTrace, "jemalloc", jemallocTrace), Analysis.PAGES)
     * }</pre>
     *
     * @throws IllegalArgumentException for an analysis that is not a series or a distribution
     */
    public static Figure compare(Map<String, cmt.dsl.Trace> traces, Analysis analysis) {
        List<Trace> shown = new ArrayList<>();
        Layout.LayoutBuilder layout = Layout.builder().height(HEIGHT).width(WIDTH);
        switch (analysis) {
            case LIVE, PAGES -> {
                boolean live = analysis == Analysis.LIVE;
                long page = traces.isEmpty() ? 4096 : traces.values().iterator().next().pageSize();
                layout.title(live ? "Live bytes" : "Working set (" + Numbers.bytes(page) + " pages)")
                        .xAxis(Axis.builder().title("event").build())
                        .yAxis(Axis.builder().title(live ? "live bytes" : "pages").build());
                traces.forEach((name, t) -> {
                    Table series = live ? t.live() : t.pages();
                    shown.add(ScatterTrace.builder(column(series, "first event"),
                            column(series, live ? "live bytes max" : "pages max")).mode(ScatterTrace.Mode.LINE).name(name).build());
                });
            }
            case LIFETIMES -> {
                layout.title("Lifetimes (CDF)").xAxis(Axis.builder().title("lifetime (events)").type(Axis.Type.LOG).build())
                        .yAxis(Axis.builder().title("fraction of ended blocks").range(0, 1).build());
                traces.forEach((name, t) -> {
                    Table l = t.lifetimes();
                    shown.add(ScatterTrace.builder(column(l, "to (events)"), column(l, "cumulative fraction"))
                            .mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(name).build());
                });
            }
            case SIZES, LAYOUT -> {
                boolean sizes = analysis == Analysis.SIZES;
                layout.title(sizes ? "Block sizes" : "Gap below each new block").barMode(Layout.BarMode.GROUP)
                        .xAxis(Axis.builder().title(sizes ? "requested bytes" : "gap (bytes)").type(Axis.Type.CATEGORY).build())
                        .yAxis(Axis.builder().title(sizes ? "blocks" : "new blocks").build());
                Map<String, Table> tables = new java.util.LinkedHashMap<>();
                TreeMap<Long, Long> buckets = new TreeMap<>(Long::compareUnsigned);
                traces.forEach((name, t) -> {
                    Table b = sizes ? t.sizes() : t.layout();
                    tables.put(name, b);
                    for (int i = 0; i < b.rowCount(); i++) {
                        buckets.put(b.longColumn("from (bytes)").getLong(i), b.longColumn("to (bytes)").getLong(i));
                    }
                });
                Object[] x = buckets.entrySet().stream().map(r -> range(r.getKey(), r.getValue(), "bytes")).toArray();
                List<Long> froms = new ArrayList<>(buckets.keySet());
                tables.forEach((name, b) -> {
                    double[] y = new double[froms.size()];
                    double[] counts = column(b, sizes ? "blocks" : "below");
                    for (int i = 0; i < b.rowCount(); i++) {
                        y[froms.indexOf(b.longColumn("from (bytes)").getLong(i))] = counts[i];
                    }
                    shown.add(BarTrace.builder(x, y).name(name).build());
                });
            }
            default -> throw new IllegalArgumentException("Charts.compare draws LIVE, PAGES, LIFETIMES, SIZES or LAYOUT, not " + analysis);
        }
        return new Figure(layout.build(), shown.toArray(Trace[]::new));
    }

    /** The lifetime CDF: the fraction of ended blocks that lived at most x events, on a log scale. */
    public static Figure lifetimes(Table lifetimes) {
        Layout layout = Layout.builder().title("Lifetimes (CDF)").height(HEIGHT).width(WIDTH)
                .xAxis(Axis.builder().title("lifetime (events)").type(Axis.Type.LOG).build())
                .yAxis(Axis.builder().title("fraction of ended blocks").range(0, 1).build())
                .build();
        return new Figure(layout, ScatterTrace.builder(column(lifetimes, "to (events)"),
                        column(lifetimes, "cumulative fraction"))
                .mode(ScatterTrace.Mode.LINE_AND_MARKERS).name("lifetime CDF").build());
    }

    /** Gaps between address neighbours: below and above each new block, and between neighbours at the end. */
    public static Figure gaps(Table gaps) {
        Object[] x = labels(gaps, "bytes");
        Layout layout = Layout.builder().title("Gaps between address neighbours").height(HEIGHT).width(WIDTH)
                .barMode(Layout.BarMode.GROUP)
                .xAxis(Axis.builder().title("gap (bytes)").type(Axis.Type.CATEGORY).build())
                .yAxis(Axis.builder().title("gaps").build())
                .build();
        return new Figure(layout,
                BarTrace.builder(x, column(gaps, "below")).name("below a new block").build(),
                BarTrace.builder(x, column(gaps, "above")).name("above a new block").build(),
                BarTrace.builder(x, column(gaps, "at end")).name("at end").build());
    }

    /**
     * The heap map: each sampled block as a horizontal segment at its address (hex axis) from the event
     * that created it to the one that ended it (or the last event shown, if it stayed live).
     */
    public static Figure heapMap(Table heapMap) {
        double[] first = column(heapMap, "first event");
        double[] last = column(heapMap, "last event");
        double[] address = column(heapMap, "address");
        double end = 0;
        for (int i = 0; i < first.length; i++) {
            end = Math.max(end, Math.max(first[i], last[i]));
        }
        double[] x = new double[3 * first.length];
        double[] y = new double[3 * first.length];
        for (int i = 0; i < first.length; i++) {
            x[3 * i] = first[i];
            x[3 * i + 1] = last[i] < 0 ? end : last[i];
            x[3 * i + 2] = Double.NaN;
            y[3 * i] = address[i];
            y[3 * i + 1] = address[i];
            y[3 * i + 2] = Double.NaN;
        }
        Layout layout = Layout.builder().title("Heap map (" + first.length + " sampled blocks)").height(HEIGHT + 180).width(WIDTH)
                .xAxis(Axis.builder().title("event").build())
                .yAxis(Axis.builder().title("address").tickSettings(TickSettings.builder().tickMode(TickSettings.TickMode.AUTO).format("x").build())
                        .build())
                .build();
        return new Figure(layout, ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE).name("block")
                .line(Line.builder().width(2).color("#d62728").build()).build());
    }

    /**
     * A flame graph of a {@link cmt.dsl.Trace#sites()} table, drawn as an icicle: the outermost frames on top, each
     * frame as wide as the bytes live at the peak below it (the bytes allocated if nothing was live then).
     * Frames under 1/1000 of the total are left out so that a big program's chart stays readable.
     */
    public static Figure flame(Table sites) {
        String measure = "live at peak (bytes)";
        if (((NumericColumn<?>) sites.column(measure)).sum() == 0) {
            measure = "allocated (bytes)";
        }
        return flame(sites, measure);
    }

    /** {@link #flame(Table)} sized by {@code measure}, a numeric column of the table (e.g. {@code blocks}). */
    public static Figure flame(Table sites, String measure) {
        FlameTrace f = new Flame(sites, measure).trace();
        Layout layout = Layout.builder().title("Call stacks by " + measure).height(Math.max(300, 60 + 18 * f.rows()))
                .width(WIDTH).showLegend(false).hoverMode(Layout.HoverMode.CLOSEST)
                .margin(tech.tablesaw.plotly.components.Margin.builder().top(40).left(10).right(10).bottom(30).build())
                .xAxis(Axis.builder().title(measure).range(0, Math.max(1, f.total())).showGrid(false).build())
                .yAxis(Axis.builder().autoRange(Axis.AutoRange.REVERSED).showGrid(false).showZeroLine(false)
                        .tickSettings(TickSettings.builder().showTickLabels(false).build()).build())
                .build();
        return new Figure(layout, f);
    }

    /** Live bytes over events of each site of a {@link cmt.dsl.Trace#siteLive} table, one line per site. */
    public static Figure siteLive(Table siteLive) {
        java.util.Map<Long, java.util.List<Integer>> rows = new java.util.LinkedHashMap<>();
        LongColumn site = siteLive.longColumn("site");
        for (int r = 0; r < siteLive.rowCount(); r++) {
            rows.computeIfAbsent(site.getLong(r), k -> new java.util.ArrayList<>()).add(r);
        }
        Trace[] lines = new Trace[rows.size()];
        int i = 0;
        for (java.util.Map.Entry<Long, java.util.List<Integer>> e : rows.entrySet()) {
            int[] rs = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            Table t = siteLive.rows(rs);
            String stack = t.stringColumn("stack").get(0);
            String first = stack.split(By.ARROW, 2)[0];
            lines[i++] = ScatterTrace.builder(column(t, "first event"), column(t, "live bytes max"))
                    .mode(ScatterTrace.Mode.LINE).name("site " + e.getKey() + ": " + shorten(first, 40))
                    .build();
        }
        Layout layout = Layout.builder().title("Live bytes of the top sites").height(HEIGHT).width(WIDTH)
                .xAxis(Axis.builder().title("event").build())
                .yAxis(Axis.builder().title("live bytes").build())
                .build();
        return new Figure(layout, lines);
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** A self-contained HTML page showing {@code figures}, plotly.js inlined: it needs no network. */
    public static String html(String title, Figure... figures) {
        StringBuilder body = new StringBuilder();
        for (Figure f : figures) {
            body.append(fragment(f)).append('\n');
        }
        return page(title, PlotlyJs.FULL, "", body.toString());
    }

    /**
     * One figure as HTML to add to a page that has loaded {@link #plotlyJs()}: a {@code <div>} with a
     * unique id and the {@code <script>} that draws into it.
     */
    public static String fragment(Figure figure) {
        String id = "cmt_figure_" + IDS.incrementAndGet();
        return figure.divString(id) + "<script>" + script(figure, id) + "</script>";
    }

    /**
     * The JavaScript that draws {@code figure} into the element {@code id} (the body of a {@code <script>}):
     * tablesaw's, with the layout every cmt chart shares applied just before plotting, so that the report and
     * the notebooks draw alike: the figure as wide as the place it is drawn in, following it when that
     * changes (plotly's {@code responsive}); axes that make room for their labels ({@code automargin}); the
     * legend in one row above the plot, where it covers neither the plot nor a right-hand axis.
     *
     * @throws IllegalStateException if tablesaw's script no longer ends in the call this expects
     */
    public static String script(Figure figure, String id) {
        String js = figure.asJavascript(id);
        js = js.substring(js.indexOf('>', js.indexOf("<script")) + 1, js.lastIndexOf("</script>"));
        String call = "Plotly.newPlot(target_" + id + ", data, layout);";
        String bare = "Plotly.newPlot(target_" + id + ", data);";
        String fitted = FIT + "Plotly.newPlot(target_" + id + ", data, layout, {responsive: true, displaylogo: false});";
        if (js.contains(call)) {
            return js.replace(call, fitted);
        }
        if (js.contains(bare)) {
            // A figure without a layout of its own.
            return js.replace(bare, "var layout = {};\n" + fitted);
        }
        throw new IllegalStateException("tablesaw's figure script has no " + call);
    }

    /**
     * The layout rules of {@link #script}, in JavaScript over tablesaw's {@code layout} and {@code data}.
     * Besides the fit, an axis titled with "address" gets hexadecimal ticks ({@code 0x7f3a00000000}) and
     * one titled with "bytes" binary units ({@code 512 KiB}, {@code 1.5 MiB}), at multiples of a power of
     * two, 3 to 8 of them over the data's range (plotly.js knows only decimal SI prefixes and a hex format
     * without {@code 0x} that it places at round decimal positions). The ticks are fixed: zoomed in far,
     * fewer show.
     */
    private static final String FIT = "(function () {\n"
            + "  function bytes(v) { var u = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'], i = 0;\n"
            + "    while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }\n"
            + "    return (Math.round(v * 100) / 100) + ' ' + u[i]; }\n"
            + "  var axes = {xaxis: 'x', yaxis: 'y', yaxis2: 'y2'};\n"
            + "  Object.keys(axes).forEach(function (a) {\n"
            + "    var ax = layout[a];\n"
            + "    if (!ax || ax.type === 'category' || ax.type === 'log') { return; }\n"
            + "    var title = String((ax.title && ax.title.text) || ax.title || '');\n"
            + "    var kind = /address/.test(title) ? 'hex' : /bytes/.test(title) ? 'bytes' : null;\n"
            + "    if (!kind) { return; }\n"
            + "    var id = axes[a], key = id.charAt(0), lo = Infinity, hi = -Infinity;\n"
            + "    data.forEach(function (t) {\n"
            + "      var on = (key === 'x' ? (t.xaxis || 'x') : (t.yaxis || 'y')) === id;\n"
            + "      var v = t[key];\n"
            + "      if (!on || !v) { return; }\n"
            + "      for (var i = 0; i < v.length; i++) { var n = parseFloat(v[i]);\n"
            + "        if (isFinite(n)) { lo = Math.min(lo, n); hi = Math.max(hi, n); } }\n"
            + "    });\n"
            + "    if (kind === 'bytes') { lo = Math.min(lo, 0); }\n"
            + "    if (!(hi > lo)) { return; }\n"
            + "    var step = 1;\n"
            + "    while ((hi - lo) / step > 8) { step *= 2; }\n"
            + "    var vals = [], text = [];\n"
            + "    for (var v = Math.ceil(lo / step) * step; v <= hi; v += step) {\n"
            + "      vals.push(v); text.push(kind === 'hex' ? '0x' + v.toString(16) : bytes(v)); }\n"
            + "    ax.tickmode = 'array'; ax.tickvals = vals; ax.ticktext = text; delete ax.tickformat;\n"
            + "  });\n"
            + "})();\n"
            + "delete layout.width; layout.autosize = true;\n"
            + "['xaxis', 'yaxis'].forEach(function (a) { layout[a] = layout[a] || {}; });\n"
            + "['xaxis', 'yaxis', 'xaxis2', 'yaxis2'].forEach(function (a) { if (layout[a]) { layout[a].automargin = true; } });\n"
            + "if (layout.showlegend !== false && data.length > 1) {\n"
            + "  layout.legend = {orientation: 'h', x: 0, xanchor: 'left', y: 1.02, yanchor: 'bottom'};\n"
            + "  layout.margin = Object.assign({t: 110}, layout.margin || {});\n"
            + "}\n";

    /** The complete plotly.js source (every trace type), read from the classpath once. */
    public static String plotlyJs() {
        return PlotlyJs.FULL.source();
    }

    /** The version of {@link #plotlyJs()}. */
    public static String plotlyVersion() {
        return PlotlyJs.version();
    }

    /** An HTML page with {@code plotly} inlined in its head, {@code style} and {@code body}. */
    static String page(String title, PlotlyJs plotly, String style, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + Html.escape(title)
                + "</title>\n<script>/* plotly.js " + PlotlyJs.version() + ", MIT license */\n" + plotly.source()
                + "\n</script>\n<style>" + style + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    private static Trace[] band(double[] x, double[] min, double[] max, String what, String color) {
        Trace lo = ScatterTrace.builder(x, min).mode(ScatterTrace.Mode.LINE).name(what + " (min)")
                .line(Line.builder().color(color).width(1).build()).build();
        Trace hi = ScatterTrace.builder(x, max).mode(ScatterTrace.Mode.LINE).name(what + " (max)")
                .fill(ScatterTrace.Fill.TO_NEXT_Y).line(Line.builder().color(color).width(1).build()).build();
        return new Trace[] {lo, hi};
    }

    private static double[] column(Table t, String name) {
        return ((NumericColumn<?>) t.column(name)).asDoubleArray();
    }

    /** A bucket table's ranges as category labels: {@code 16 B-31 B}, {@code 64 TiB-128 TiB}; counts grouped. */
    static Object[] labels(Table t, String unit) {
        LongColumn from = t.longColumn("from (" + unit + ")");
        LongColumn to = t.longColumn("to (" + unit + ")");
        Object[] labels = new Object[from.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = range(from.getLong(i), to.getLong(i), unit);
        }
        return labels;
    }

    /** One bucket's label: {@code 16 B-31 B}, or the one value of a bucket of one. */
    private static String range(long from, long to, String unit) {
        String f = label(from, unit);
        String l = label(to, unit);
        return f.equals(l) ? f : f + "\u2013" + l;
    }

    private static String label(long v, String unit) {
        return unit.equals("bytes") ? Numbers.bytes(v) : Numbers.formatUnsigned(v);
    }
}
