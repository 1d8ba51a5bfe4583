package cmt.notebooks;

import cmt.dsl.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table as the kernel renders it ({@code <table class="cmt"><caption>NAME — SIZE</caption>...}), read
 * back from an executed notebook's HTML output: its caption, column names and the rows shown (a long
 * table's rows left out are not there). Numbers are read back with {@link #integer} and {@link #decimal},
 * which also hold them to cmt's one number style.
 */
record HtmlTable(String caption, List<String> columns, List<List<String>> rows) {
    private static final Pattern CAPTION = Pattern.compile("<caption>(.*?)</caption>");
    private static final Pattern ROW = Pattern.compile("<tr( class=\"cmt-gap\")?>(.*?)</tr>");
    private static final Pattern CELL = Pattern.compile("<t([hd])[^>]*>(.*?)</t\\1>");

    static HtmlTable parse(String html) {
        Matcher c = CAPTION.matcher(html);
        if (!c.find()) {
            throw new IllegalArgumentException("no table in " + html.substring(0, Math.min(300, html.length())));
        }
        List<String> columns = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        Matcher r = ROW.matcher(html);
        while (r.find()) {
            if (r.group(1) != null) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            boolean header = false;
            Matcher d = CELL.matcher(r.group(2));
            while (d.find()) {
                header = d.group(1).equals("h");
                cells.add(unescape(d.group(2)));
            }
            if (header) {
                columns.addAll(cells);
            } else {
                rows.add(cells);
            }
        }
        return new HtmlTable(unescape(c.group(1)), columns, rows);
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    /** The table's name: the caption without its size ("stats — 9 rows × 3 columns" is "stats"). */
    String name() {
        int dash = caption.lastIndexOf(" \u2014 ");
        return dash < 0 ? caption : caption.substring(0, dash);
    }

    /** The cells of one column, in row order. */
    List<String> column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(caption + " has no column " + name + ": " + columns);
        }
        return rows.stream().map(row -> row.get(i)).toList();
    }

    /** The cell of column {@code column} in the row whose first cell is {@code key}. */
    String cell(String key, String column) {
        int i = columns.indexOf(column);
        return rows.stream().filter(row -> row.get(0).equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError(caption + " has no row " + key)).get(i);
    }

    /** An integer cell ("9,625,147") as a number; fails unless it is written in {@link Numbers}' style. */
    static long integer(String cell) {
        long v = Long.parseLong(cell.replace(",", ""));
        styled(v, cell);
        return v;
    }

    /** A numeric cell ("123,457", "0.1235") as a number; fails unless it is written in {@link Numbers}' style. */
    static double decimal(String cell) {
        double v = Double.parseDouble(cell.replace(",", ""));
        styled(v, cell);
        return v;
    }

    private static void styled(Number v, String cell) {
        if (!Numbers.format(v).equals(cell)) {
            throw new AssertionError("\"" + cell + "\" is not in cmt's number style (\"" + Numbers.format(v) + "\")");
        }
    }
}
