package cmt.kernel;

import cmt.dsl.HtmlTable;
import tech.tablesaw.api.Table;

/**
 * A tablesaw {@link Table} as plain text, the form terminals and text exports show next to its HTML: cut
 * where {@link HtmlTable#excerpt()} cuts, with the full size on the last line.
 */
final class TableText {
    private TableText() {
    }

    /** tablesaw's own layout of the table (head and tail of a long one), then its size. */
    static String text(Table t) {
        String body = t.rowCount() <= HtmlTable.WHOLE ? t.printAll() : t.print(HtmlTable.HEAD + HtmlTable.TAIL);
        return body + "\n" + HtmlTable.size(t.rowCount(), t.columnCount());
    }
}
