package cmt.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;

/** {@link KernelAdapter}'s promises kept through JJava's renderer, and the service JJava discovers. */
class JJavaExtensionTest extends AdapterContract {
    @Override
    Rendered render(Object value, boolean textOnly) {
        Renderer r = new Renderer();
        JJavaExtension.register(r);
        JJavaExtension.register(r);
        DisplayData d = textOnly ? r.renderAs(value, "text/plain") : r.render(value);
        return new Rendered((String) d.getData(MIMEType.TEXT_HTML), (String) d.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void isAJJavaExtensionService() {
        assertTrue(ServiceLoader.load(Extension.class).stream().anyMatch(p -> p.type() == JJavaExtension.class));
    }
}
