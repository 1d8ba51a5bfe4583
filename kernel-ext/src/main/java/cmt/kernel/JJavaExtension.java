package cmt.kernel;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * cmt for JJava users: a JJava {@link Extension} service ({@code META-INF/services}), so that adding the
 * cmt jar to a JJava kernel ({@code %jars}, {@code %maven} or the kernel's class path) registers the same
 * renderers as the "Java (cmt)" kernel and routes {@link Notebook}'s helpers to JJava. JJava runs no
 * startup script for extensions: a cell imports what it uses ({@code import static
 * cmt.kernel.Notebook.*;}).
 *
 * <p>Same rules as {@link IJavaKernel}: JJava's renderer reaches the {@code Object} registration last, so
 * it only adds HTML for values {@link Renderers} knows. The code mirrors {@link IJavaKernel} line for line:
 * JJava forked IJava's kernel library under new package names, so the two share no type to write it once
 * against.
 */
public final class JJavaExtension implements Extension {
    @Override
    public void install(BaseKernel kernel) {
        register(kernel.getRenderer());
        Notebook.use(new KernelFrontend(kernel));
    }

    static void register(Renderer renderer) {
        renderer.createRegistration(Table.class).preferring(MIMEType.TEXT_HTML).register(JJavaExtension::render);
        renderer.createRegistration(Figure.class).preferring(MIMEType.TEXT_HTML).register(JJavaExtension::render);
        renderer.createRegistration(Rendered.class).preferring(MIMEType.TEXT_HTML).register(JJavaExtension::render);
        renderer.createRegistration(Object.class).preferring(MIMEType.TEXT_HTML).register(JJavaExtension::render);
    }

    private static void render(Object value, RenderContext context) {
        Rendered r = Renderers.render(value, context.wantsDataRenderedAs(MIMEType.TEXT_HTML));
        if (r != null) {
            put(context.getOutputContainer(), r);
        }
    }

    private static DisplayData put(DisplayData d, Rendered r) {
        if (r.html() != null) {
            d.putHTML(r.html());
        }
        d.putText(r.text());
        return d;
    }

    /** Output through JJava's iopub channel, into the cell that is running. */
    private record KernelFrontend(BaseKernel kernel) implements Frontend {
        @Override
        public void show(Object value) {
            kernel.display(value instanceof DisplayData d ? d : kernel.getRenderer().render(value));
        }

        @Override
        public void display(String id, Rendered r) {
            DisplayData d = put(new DisplayData(), r);
            d.setDisplayId(id);
            kernel.display(d);
        }

        @Override
        public void update(String id, Rendered r) {
            kernel.getIO().display.updateDisplay(id, put(new DisplayData(), r));
        }
    }
}
