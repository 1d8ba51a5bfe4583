package cmt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableHtmlTest {
    private static Table numbers(int rows) {
        return Table.create("sizes", IntColumn.create("n", IntStream.range(0, rows).toArray()),
                StringColumn.create("label", IntStream.range(0, rows).mapToObj(i -> "row " + i).toArray(String[]::new)));
    }

    private static int count(String s, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void shortTableIsShownWhole() {
        String html = TableHtml.html(numbers(TableHtml.WHOLE));
        assertEquals(TableHtml.WHOLE + 1, count(html, "<tr>"), "header row and every data row");
        assertTrue(html.contains("<caption>sizes \u2014 20 rows \u00d7 2 columns</caption>"), html);
        assertFalse(html.contains("more rows"));
    }

    @Test
    void longTableShowsHeadAndTailAndWhatIsLeftOut() {
        String html = TableHtml.html(numbers(1000));
        assertEquals(TableHtml.HEAD + TableHtml.TAIL + 1, count(html, "<tr>"));
        assertTrue(html.contains("1,000 rows \u00d7 2 columns"), html);
        assertTrue(html.contains("\u2026 985 more rows \u2026"), html);
        assertTrue(html.contains("<td>row 9</td>") && !html.contains("<td>row 10</td>"), "head ends at row 9");
        assertTrue(html.contains("<td>row 995</td>") && !html.contains("<td>row 994</td>"), "tail starts at row 995");
        assertTrue(html.contains("<td class=\"num\">999</td>"), "numbers are right-aligned");
    }

    @Test
    void namesAndValuesAreEscaped() {
        Table t = Table.create("<b>&", StringColumn.create("a<b", new String[] {"x</td><script>"}));
        String html = TableHtml.html(t);
        assertTrue(html.contains("&lt;b&gt;&amp;"), html);
        assertTrue(html.contains("<th>a&lt;b</th>"), html);
        assertTrue(html.contains("<td>x&lt;/td&gt;&lt;script&gt;</td>"), html);
    }

    @Test
    void textEndsWithTheSize() {
        String text = TableHtml.text(numbers(1000));
        assertTrue(text.endsWith("1,000 rows \u00d7 2 columns"), text);
        assertTrue(text.contains("..."), "tablesaw marks the cut");
        assertTrue(TableHtml.text(numbers(1)).endsWith("1 row \u00d7 2 columns"));
    }
}
