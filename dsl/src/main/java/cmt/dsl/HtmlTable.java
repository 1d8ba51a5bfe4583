package cmt.dsl;

import java.util.List;
import java.util.function.IntFunction;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * cmt's one writer of HTML tables: the tables of {@link Report}, tablesaw tables and cmt's records in
 * notebooks. A table has a caption, a row of headings and rows of cells. A cell holding a {@link Number} is
 * written by {@link Numbers} and right-aligned, as is the heading of a {@linkplain Column#numeric numeric}
 * column; {@link Markup} (a nested table or chart) goes in as it is; anything else is escaped text, and
 * null is an empty cell.
 *
 * <p>{@link #whole()} writes every row; {@link #excerpt()} writes a long table as its first {@value #HEAD}
 * and last {@value #TAIL} rows around a row that says how many are left out, so that a person never
 * mistakes the excerpt for the whole (a tablesaw table's caption gives its full size, too).
 *
 * <p>Every table carries its {@link #STYLE}: a notebook output has no page to put it in once.
 *
 * @param caption what the table is, as text
 * @param rows how many rows it has
 * @param columns its columns, left to right
 */
public record HtmlTable(String caption, int rows, List<Column> columns) {
    /** Rows an excerpt shows from the top of a long table. */
    public static final int HEAD = 10;
    /** Rows an excerpt shows from the bottom of a long table. */
    public static final int TAIL = 5;
    /**
     * Tables up to this many rows are shown whole even as an excerpt: a summary or a per-allocator
     * comparison is read row by row, and its middle rows (the peaks and percentiles of {@code stats()})
     * matter as much as its ends; longer tables (events, blocks, sites) are excerpts.
     */
    public static final int WHOLE = 50;
    /**
     * The style of the classes the tables use. Jupyter's own table styles are kept (they follow the front
     * end's theme); only alignment, the caption and the row of an excerpt that stands for the rows left out
     * are set.
     */
    public static final String STYLE = "<style>.cmt th,.cmt td{text-align:left;vertical-align:top}"
            + ".cmt td.num,.cmt th.num{text-align:right;font-variant-numeric:tabular-nums}"
            + ".cmt caption{caption-side:top;text-align:left;white-space:nowrap;font-weight:bold;padding-bottom:0.3em}"
            + ".cmt tr.cmt-gap td{text-align:center;color:#888}</style>";

    /**
     * One column of a table.
     *
     * @param name its heading
     * @param numeric whether it holds numbers (its heading is then right-aligned like its numbers)
     * @param cells the value of its cell in a row, by row index; only the rows written are asked for
     */
    public record Column(String name, boolean numeric, IntFunction<?> cells) {
    }

    /**
     * HTML that a cell holds as it is, not escaped: a nested table, a chart, a result's own HTML.
     *
     * @param html the fragment
     */
    public record Markup(String html) {
    }

    /** The table, copied to avoid a later change of the column list changing what is written. */
    public HtmlTable {
        columns = List.copyOf(columns);
    }

    /**
     * A tablesaw table, captioned with its name and size ("sizes — 24 rows × 4 columns"). Numeric
     * columns' values are written by {@link Numbers}, other columns' as tablesaw prints them.
     */
    public static HtmlTable of(Table t) {
        String size = size(t.rowCount(), t.columnCount());
        String caption = t.name() == null || t.name().isBlank() ? size : t.name() + " \u2014 " + size;
        List<Column> columns = t.columns().stream().map(c -> c instanceof NumericColumn<?>
                ? new Column(c.name(), true, c::get) : new Column(c.name(), false, c::getString)).toList();
        return new HtmlTable(caption, t.rowCount(), columns);
    }

    /** How a caption states a table's size: "1,000 rows × 2 columns", "1 row × 1 column". */
    public static String size(int rows, int columns) {
        return Numbers.format(rows) + (rows == 1 ? " row" : " rows") + " \u00d7 " + columns
                + (columns == 1 ? " column" : " columns");
    }

    /** The table with every row. */
    public String whole() {
        return html(rows, rows);
    }

    /** The table, cut to its head and tail when it has more than {@value #WHOLE} rows. */
    public String excerpt() {
        return rows <= WHOLE ? whole() : html(HEAD, rows - TAIL);
    }

    /** Rows before {@code headEnd} and from {@code tailStart} on; a row in between says what is left out. */
    private String html(int headEnd, int tailStart) {
        StringBuilder b = new StringBuilder(STYLE.length() + 256 + 48 * columns.size() * Math.min(rows, WHOLE));
        b.append(STYLE).append("<table class=\"cmt\"><caption>").append(Html.escape(caption))
                .append("</caption>\n<thead><tr>");
        for (Column c : columns) {
            b.append(c.numeric() ? "<th class=\"num\">" : "<th>").append(Html.escape(c.name())).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        rows(b, 0, headEnd);
        if (tailStart > headEnd) {
            b.append("<tr class=\"cmt-gap\"><td colspan=\"").append(Math.max(1, columns.size())).append("\">\u2026 ")
                    .append(Numbers.format(tailStart - headEnd)).append(" more rows \u2026</td></tr>\n");
        }
        rows(b, tailStart, rows);
        return b.append("</tbody></table>").toString();
    }

    private void rows(StringBuilder b, int from, int to) {
        for (int r = from; r < to; r++) {
            b.append("<tr>");
            for (Column c : columns) {
                cell(b, c.cells().apply(r));
            }
            b.append("</tr>\n");
        }
    }

    private static void cell(StringBuilder b, Object value) {
        switch (value) {
            case null -> b.append("<td>");
            case Number n -> b.append("<td class=\"num\">").append(Html.escape(Numbers.format(n)));
            case Markup m -> b.append("<td>").append(m.html());
            default -> b.append("<td>").append(Html.escape(value.toString()));
        }
        b.append("</td>");
    }
}
