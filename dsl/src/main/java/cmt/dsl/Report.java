package cmt.dsl;

import java.util.Locale;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The one-page HTML report of a trace ({@code cmt report}): the summary tables and the charts, with
 * plotly.js inlined so that the page reads offline from disk. Every analysis runs in one pass.
 *
 * <p>Sections, in order: summary ({@link Trace#stats()}), live heap and working set charts, sizes
 * (chart and table), lifetimes (CDF and table), gaps between neighbours (chart and table), fragmentation
 * (with definitions), heap map, and encoding sizes.
 */
public final class Report {
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
            h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
            table{border-collapse:collapse;margin:1em 0;font-size:.9em}caption{text-align:left;font-weight:bold}
            th,td{border:1px solid #ddd;padding:.25em .6em}th{background:#f4f4f4}td.n{text-align:right}
            p.view{color:#555}
            """;

    private Report() {
    }

    /** The report of {@code trace} as a self-contained HTML page. */
    public static String html(Trace trace) {
        trace.compute(Analysis.values());
        Table stats = trace.stats();
        StringBuilder b = new StringBuilder();
        b.append("<h1>cmt report: ").append(escape(trace.name())).append("</h1>\n");
        b.append("<p class=\"view\">").append(escape(trace.toString())).append(": ")
                .append(trace.format() == null ? "" : trace.format().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .append(" trace, ").append(String.format(Locale.ROOT, "%,d", trace.count())).append(" events, ")
                .append(trace.pageSize()).append("-byte pages.</p>\n");
        section(b, "Summary", table(stats));
        section(b, "Live heap", Charts.fragment(Charts.live(trace.live())));
        section(b, "Working set", Charts.fragment(Charts.pages(trace.pages())));
        Table sizes = trace.sizes();
        section(b, "Sizes", Charts.fragment(Charts.sizes(sizes)) + table(sizes));
        Table lifetimes = trace.lifetimes();
        section(b, "Lifetimes", Charts.fragment(Charts.lifetimes(lifetimes)) + table(lifetimes));
        Table gaps = trace.layout();
        section(b, "Gaps between address neighbours", Charts.fragment(Charts.gaps(gaps)) + table(gaps));
        section(b, "Fragmentation", table(trace.fragmentation()));
        section(b, "Heap map", Charts.fragment(Charts.heapMap(trace.heapMap())));
        section(b, "Encoding", table(trace.encoding()));
        return Charts.page("cmt report: " + trace.name(), PlotlyJs.CARTESIAN, STYLE, b.toString());
    }

    private static void section(StringBuilder b, String title, String content) {
        b.append("<h2>").append(escape(title)).append("</h2>\n").append(content).append('\n');
    }

    /** A table as an HTML {@code <table>} with its name as caption; numbers right-aligned and grouped. */
    public static String table(Table t) {
        StringBuilder b = new StringBuilder("<table>\n<caption>").append(escape(t.name())).append("</caption>\n<tr>");
        for (Column<?> c : t.columns()) {
            b.append("<th>").append(escape(c.name())).append("</th>");
        }
        b.append("</tr>\n");
        for (int r = 0; r < t.rowCount(); r++) {
            b.append("<tr>");
            for (Column<?> c : t.columns()) {
                Object v = c.get(r);
                boolean number = v instanceof Number;
                b.append(number ? "<td class=\"n\">" : "<td>").append(escape(cell(v))).append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    /** How a cell reads: integers grouped by thousands, fractions to 4 significant digits, missing empty. */
    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        if (v instanceof Double d) {
            if (d.isNaN()) {
                return "";
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return String.format(Locale.ROOT, "%,d", d.longValue());
            }
            return new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }

    /** Text made safe for HTML element content and attribute values. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
