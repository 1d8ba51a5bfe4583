package cmt.cli;

import cmt.dsl.Numbers;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A tablesaw table as aligned text for a terminal: a header line, then one line per row, numbers right
 * aligned in cmt's one number style ({@link Numbers}), text left aligned and cut at {@code width}
 * characters (the last column is never cut, so a stack stays whole at the end of its line).
 */
final class TextTable {
    private TextTable() {
    }

    /**
     * {@code t} with its text columns moved after the numbers, so that a long stack ends its line rather than
     * pushing the numbers off it.
     */
    static Table textLast(Table t) {
        List<String> order = new ArrayList<>();
        for (Column<?> c : t.columns()) {
            if (c.type() != tech.tablesaw.api.ColumnType.STRING) {
                order.add(c.name());
            }
        }
        for (Column<?> c : t.columns()) {
            if (c.type() == tech.tablesaw.api.ColumnType.STRING) {
                order.add(c.name());
            }
        }
        return t.selectColumns(order.toArray(new String[0]));
    }

    /** The table's rows as text, text columns but the last cut to {@code width} characters. */
    static String format(Table t, int width) {
        int cols = t.columnCount();
        List<String[]> cells = new ArrayList<>();
        boolean[] numeric = new boolean[cols];
        String[] head = new String[cols];
        for (int c = 0; c < cols; c++) {
            Column<?> col = t.column(c);
            head[c] = col.name();
            numeric[c] = col.type() != tech.tablesaw.api.ColumnType.STRING;
        }
        cells.add(head);
        for (int r = 0; r < t.rowCount(); r++) {
            String[] row = new String[cols];
            for (int c = 0; c < cols; c++) {
                Column<?> col = t.column(c);
                Object v = col.isMissing(r) ? null : col.get(r);
                String s = v == null ? "" : v instanceof Number n ? Numbers.format(n) : v.toString();
                if (!numeric[c] && c < cols - 1 && s.length() > width) {
                    s = s.substring(0, width - 1) + "\u2026";
                }
                row[c] = s;
            }
            cells.add(row);
        }
        int[] w = new int[cols];
        for (String[] row : cells) {
            for (int c = 0; c < cols; c++) {
                w[c] = Math.max(w[c], row[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                if (c > 0) {
                    line.append("  ");
                }
                String s = row[c];
                boolean last = c == cols - 1;
                if (numeric[c]) {
                    line.append(" ".repeat(w[c] - s.length())).append(s);
                } else {
                    line.append(s).append(last ? "" : " ".repeat(w[c] - s.length()));
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
