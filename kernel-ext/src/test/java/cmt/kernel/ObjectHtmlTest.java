package cmt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.Plain;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class ObjectHtmlTest {
    /** A result type of another module: it declares toHtml() without knowing the kernel. */
    public static final class Summary {
        public String toHtml() {
            return "<b>summary</b>";
        }
    }

    record Lifetimes(String trace, long frees, double meanLifetime, Table histogram, Summary summary) {
    }

    record Broken() implements HtmlRenderable {
        @Override
        public String toHtml() {
            throw new IllegalArgumentException("no data");
        }
    }

    @Test
    void aToHtmlMethodIsFoundByName() {
        assertTrue(ObjectHtml.handles(new Summary()));
        assertEquals("<b>summary</b>", ObjectHtml.html(new Summary()));
    }

    @Test
    void cmtRecordsBecomeTablesOfTheirComponents() {
        Table h = Table.create("histogram", IntColumn.create("bucket", 1, 2));
        String html = ObjectHtml.html(new Lifetimes("ls <1>", 1234567, 2.0 / 3, h, new Summary()));
        assertTrue(html.contains("<caption>Lifetimes</caption>"), html);
        assertTrue(html.contains("<tr><th>component</th><th>value</th></tr>"), html);
        assertTrue(html.contains("<tr><td>frees</td><td class=\"num\">1,234,567</td></tr>"), html);
        assertTrue(html.contains("<tr><td>meanLifetime</td><td class=\"num\">0.6667</td></tr>"), html);
        assertTrue(html.contains("<tr><td>trace</td><td>ls &lt;1&gt;</td></tr>"), html);
        assertTrue(html.contains("<td><style>"), "nested table, with its style: " + html);
        assertTrue(html.contains("<table class=\"cmt\"><caption>histogram \u2014 2 rows"), "nested table: " + html);
        assertTrue(html.contains("<b>summary</b>"), "nested result: " + html);
    }

    record Run(String allocator, long peakBytes, Double ratio) {
    }

    @Test
    void aListOfCmtRecordsIsOneTable() {
        String html = ObjectHtml.html(List.of(new Run("glibc", 1_048_576, 2.5), new Run("jemalloc", 998_000, 1234.5)));
        assertTrue(html.contains("<caption>2 \u00d7 Run</caption>\n<thead><tr><th>allocator</th><th class=\"num\">peakBytes</th>"
                + "<th class=\"num\">ratio</th></tr>"), html);
        assertTrue(html.contains("<tr><td>jemalloc</td><td class=\"num\">998,000</td><td class=\"num\">1,235</td></tr>"), html);
        List<Run> many = java.util.stream.IntStream.range(0, 100).mapToObj(i -> new Run("a" + i, i, null)).toList();
        String cut = ObjectHtml.html(many);
        assertTrue(cut.contains("\u2026 85 more rows \u2026") && cut.contains(">a9<") && !cut.contains(">a10<")
                && cut.contains(">a95<") && !cut.contains(">a94<"), cut);
        assertTrue(cut.contains("<tr><td>a9</td><td class=\"num\">9</td><td></td></tr>"), "null is an empty cell: " + cut);
        assertFalse(ObjectHtml.handles(List.of(new Run("x", 1, 1.0), new Plain(2))), "one type only");
        assertFalse(ObjectHtml.handles(List.of()));
    }

    @Test
    void otherValuesAreLeftToTheKernel() {
        assertFalse(ObjectHtml.handles(new Plain(3)), "a record outside cmt's packages");
        assertNull(ObjectHtml.html(new Plain(3)));
        assertFalse(ObjectHtml.handles("text"));
        assertFalse(ObjectHtml.handles(42));
        assertFalse(ObjectHtml.handles(null));
    }

    @Test
    void aFailingToHtmlFailsTheCellWithItsOwnException() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectHtml.html(new Broken()));
        assertEquals("no data", e.getMessage());
    }
}
