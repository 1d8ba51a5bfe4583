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
        assertTrue(html.contains("<th style=\"text-align:left\">frees</th><td class=\"num\">1,234,567</td>"), html);
        assertTrue(html.contains("<td class=\"num\">0.6667</td>"), html);
        assertTrue(html.contains("<td style=\"text-align:left\">ls &lt;1&gt;</td>"), html);
        assertTrue(html.contains("<table class=\"cmt cmt-table\"><caption>histogram"), "nested table: " + html);
        assertTrue(html.contains("<b>summary</b>"), "nested result: " + html);
    }

    record Run(String allocator, long peakBytes) {
    }

    @Test
    void aListOfCmtRecordsIsOneTable() {
        String html = ObjectHtml.html(List.of(new Run("glibc", 1_048_576), new Run("jemalloc", 998_000)));
        assertTrue(html.contains("<caption>2 \u00d7 Run</caption><thead><tr><th>allocator</th><th>peakBytes</th></tr>"), html);
        assertTrue(html.contains("<tr><td style=\"text-align:left\">jemalloc</td><td class=\"num\">998,000</td></tr>"), html);
        List<Run> many = java.util.stream.IntStream.range(0, 100).mapToObj(i -> new Run("a" + i, i)).toList();
        String cut = ObjectHtml.html(many);
        assertTrue(cut.contains("\u2026 85 more \u2026") && cut.contains(">a9<") && !cut.contains(">a10<")
                && cut.contains(">a95<") && !cut.contains(">a94<"), cut);
        assertFalse(ObjectHtml.handles(List.of(new Run("x", 1), new Plain(2))), "one type only");
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
