package cmt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** The same renderers through JJava's renderer, and the service JJava discovers. */
class JJavaExtensionTest {
    @Test
    void isAJJavaExtensionService() {
        assertTrue(ServiceLoader.load(Extension.class).stream().anyMatch(p -> p.type() == JJavaExtension.class));
    }

    @Test
    void rendersTablesAndResultsLeavesTheRest() {
        Renderer r = new Renderer();
        JJavaExtension.register(r);
        DisplayData table = r.render(Table.create("t", IntColumn.create("a", 1, 2, 3)));
        assertTrue(((String) table.getData(MIMEType.TEXT_HTML)).contains("3 rows \u00d7 1 column"));
        assertEquals("<b>summary</b>", r.render(new ObjectHtmlTest.Summary()).getData(MIMEType.TEXT_HTML));
        assertNull(r.render("plain").getData(MIMEType.TEXT_HTML));
    }
}
