package cmt.kernel;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A tablesaw {@link Table} as an HTML table. A long table shows its first {@value #HEAD} and last
 * {@value #TAIL} rows around a row that says how many are left out; the caption always gives the full
 * size, so a person never mistakes the excerpt for the whole.
 */
final class TableHtml {
    /** Rows shown from the top of a long table. */
    static final int HEAD = 10;
    /** Rows shown from the bottom of a long table. */
    static final int TAIL = 5;
    /** Tables up to this many rows are shown whole (cutting fewer rows than this saves nothing). */
    static final int WHOLE = HEAD + TAIL + 5;

    private TableHtml() {
    }

    static String html(Table t) {
        int rows = t.rowCount();
        StringBuilder b = new StringBuilder(256 + 64 * Math.min(rows, WHOLE) * Math.max(1, t.columnCount()));
        b.append(Html.STYLE).append("<table class=\"cmt cmt-table\"><caption>");
        if (t.name() != null && !t.name().isBlank()) {
            b.append(Html.escape(t.name())).append(" \u2014 ");
        }
        b.append(size(rows, t.columnCount())).append("</caption><thead><tr>");
        for (Column<?> c : t.columns()) {
            b.append(c instanceof NumericColumn<?> ? "<th class=\"num\">" : "<th>")
                    .append(Html.escape(c.name())).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        if (rows <= WHOLE) {
            rows(b, t, 0, rows);
        } else {
            rows(b, t, 0, HEAD);
            b.append("<tr class=\"cmt-gap\"><td colspan=\"").append(Math.max(1, t.columnCount())).append("\">\u2026 ")
                    .append(Html.number(rows - HEAD - TAIL)).append(" more rows \u2026</td></tr>");
            rows(b, t, rows - TAIL, rows);
        }
        return b.append("</tbody></table>").toString();
    }

    private static void rows(StringBuilder b, Table t, int from, int to) {
        for (int r = from; r < to; r++) {
            b.append("<tr>");
            for (Column<?> c : t.columns()) {
                b.append(c instanceof NumericColumn<?> ? "<td class=\"num\">" : "<td>")
                        .append(Html.escape(c.getString(r))).append("</td>");
            }
            b.append("</tr>");
        }
    }

    /** Plain text: tablesaw's own layout, cut the same way, with the size on the last line. */
    static String text(Table t) {
        String body = t.rowCount() <= WHOLE ? t.printAll() : t.print(HEAD + TAIL);
        return body + "\n" + size(t.rowCount(), t.columnCount());
    }

    private static String size(int rows, int columns) {
        return Html.number(rows) + (rows == 1 ? " row" : " rows") + " \u00d7 " + columns
                + (columns == 1 ? " column" : " columns");
    }
}
