package cmt.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.dsl.HtmlTable.Column;
import cmt.dsl.HtmlTable.Markup;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class HtmlTableTest {
    private static Table numbers(int rows) {
        return Table.create("sizes", IntColumn.create("n", IntStream.range(0, rows).toArray()),
                StringColumn.create("label", IntStream.range(0, rows).mapToObj(i -> "row " + i).toArray(String[]::new)));
    }

    @Test
    void aSmallTableReadsExactlySo() {
        Table t = Table.create("stats", StringColumn.create("measure", "events", "mean"),
                DoubleColumn.create("value", 9_625_147.0, 123_456.7), LongColumn.create("at", 4096L, Long.MIN_VALUE));
        assertEquals(HtmlTable.STYLE + "<table class=\"cmt\"><caption>stats \u2014 2 rows \u00d7 3 columns</caption>\n"
                + "<thead><tr><th>measure</th><th class=\"num\">value</th><th class=\"num\">at</th></tr></thead>\n"
                + "<tbody>\n"
                + "<tr><td>events</td><td class=\"num\">9,625,147</td><td class=\"num\">4,096</td></tr>\n"
                + "<tr><td>mean</td><td class=\"num\">123,457</td><td></td></tr>\n"
                + "</tbody></table>", HtmlTable.of(t).whole(), "missing long (tablesaw's Long.MIN_VALUE) empty");
    }

    @Test
    void textIsEscapedEverywhere() {
        Table t = Table.create("a<b & \"c\"", StringColumn.create("c&d 'e'", "x</td><script>", "\"q\" & 'a'"));
        String html = HtmlTable.of(t).whole();
        assertTrue(html.contains("<caption>a&lt;b &amp; &quot;c&quot; \u2014 2 rows \u00d7 1 column</caption>"), html);
        assertTrue(html.contains("<th>c&amp;d &#39;e&#39;</th>"), html);
        assertTrue(html.contains("<td>x&lt;/td&gt;&lt;script&gt;</td>"), html);
        assertTrue(html.contains("<td>&quot;q&quot; &amp; &#39;a&#39;</td>"), html);
        assertFalse(html.contains("<script>"), html);
    }

    @Test
    void numbersAreRightAlignedWhereverTheyStandAndMarkupGoesInAsItIs() {
        HtmlTable t = new HtmlTable("mixed", 3, List.of(
                new Column("what", false, i -> List.of("a", "b", "c").get(i)),
                new Column("value", false, i -> List.<Object>of(0.5, "<i>", new Markup("<i>x</i>")).get(i))));
        String html = t.whole();
        assertTrue(html.contains("<tr><th>what</th><th>value</th></tr>"), "a mixed column's heading stays left: " + html);
        assertTrue(html.contains("<tr><td>a</td><td class=\"num\">0.5</td></tr>"), html);
        assertTrue(html.contains("<tr><td>b</td><td>&lt;i&gt;</td></tr>"), html);
        assertTrue(html.contains("<tr><td>c</td><td><i>x</i></td></tr>"), html);
        assertTrue(HtmlTable.STYLE.contains(".cmt td.num,.cmt th.num{text-align:right"), "num is what aligns right");
    }

    @Test
    void aShortTableIsWholeEvenAsAnExcerpt() {
        String html = HtmlTable.of(numbers(HtmlTable.WHOLE)).excerpt();
        assertEquals(HtmlTable.WHOLE + 1, ChartsTest.count(html, "<tr>"), "header row and every data row");
        assertTrue(html.contains("<caption>sizes \u2014 50 rows \u00d7 2 columns</caption>"), html);
        assertFalse(html.contains("more rows"));
    }

    @Test
    void anExcerptShowsHeadAndTailAndWhatIsLeftOut() {
        String html = HtmlTable.of(numbers(1000)).excerpt();
        assertEquals(HtmlTable.HEAD + HtmlTable.TAIL + 1, ChartsTest.count(html, "<tr>"));
        assertTrue(html.contains("1,000 rows \u00d7 2 columns"), html);
        assertTrue(html.contains("<tr class=\"cmt-gap\"><td colspan=\"2\">\u2026 985 more rows \u2026</td></tr>"), html);
        assertTrue(html.contains("<td>row 9</td>") && !html.contains("<td>row 10</td>"), "head ends at row 9");
        assertTrue(html.contains("<td>row 995</td>") && !html.contains("<td>row 994</td>"), "tail starts at row 995");
        assertTrue(html.contains("<td class=\"num\">999</td>"), "numbers are right-aligned");
        assertEquals(1001, ChartsTest.count(HtmlTable.of(numbers(1000)).whole(), "<tr>"), "whole is whole");
    }

    @Test
    void onlyTheRowsWrittenAreAskedFor() {
        int[] asked = new int[1];
        new HtmlTable("lazy", 1_000_000, List.of(new Column("n", true, i -> {
            asked[0]++;
            return i;
        }))).excerpt();
        assertEquals(HtmlTable.HEAD + HtmlTable.TAIL, asked[0]);
    }

    @Test
    void theSizeIsSingularForOne() {
        assertEquals("1 row \u00d7 1 column", HtmlTable.size(1, 1));
        assertEquals("0 rows \u00d7 2 columns", HtmlTable.size(0, 2));
        assertEquals("<caption>2 rows \u00d7 1 column</caption>", HtmlTable.of(Table.create(IntColumn.create("a", 1, 2)))
                .whole().replaceAll("(?s).*(<caption>.*</caption>).*", "$1"), "an unnamed table: its size only");
    }
}
