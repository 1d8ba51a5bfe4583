package cmt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.Plain;
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
