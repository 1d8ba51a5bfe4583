package cmt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** Outside a kernel the helpers print text, so notebook code also runs as a plain program. */
class NotebookTest {
    @Test
    void showPrintsTextOutsideAKernel() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Notebook.show(Table.create("t", IntColumn.create("a", new int[] {7})), 42);
            Notebook.html("<b>x</b>");
            Notebook.progress("p").finished(10, 1);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        String[] lines = out.split("\n");
        assertEquals("1 row \u00d7 1 column", lines[4], out);
        assertEquals("42", lines[5]);
        assertEquals("<b>x</b>", lines[6]);
        assertEquals(true, lines[7].startsWith("p: 10 events in "), out);
    }
}
