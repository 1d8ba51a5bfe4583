package cmt.kernel;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * cmt for JJava users: a JJava {@link Extension} service ({@code META-INF/services}), so that adding the
 * cmt jar to a JJava kernel ({@code %jars}, {@code %maven} or the kernel's class path) registers the same
 * renderers as the "Java (cmt)" kernel and routes {@link Notebook}'s helpers to JJava. JJava runs no
 * startup script for extensions: a cell imports what it uses ({@code import static
 * cmt.kernel.Notebook.*;}). What installing means is {@link KernelAdapter}'s; this class names JJava's
 * types for it.
 */
public final class JJavaExtension implements Extension {
    private static final KernelAdapter<DisplayData> ADAPTER = new KernelAdapter<>(DisplayData.class,
            DisplayData::new, DisplayData::putHTML, DisplayData::putText, DisplayData::setDisplayId);

    /** Called by JJava when it loads the extension; a second call for the same kernel registers nothing more. */
    @Override
    public void install(BaseKernel kernel) {
        register(kernel.getRenderer());
        Notebook.use(ADAPTER.frontend(value -> kernel.getRenderer().render(value), kernel::display,
                (id, d) -> kernel.getIO().display.updateDisplay(id, d)));
    }

    /** Registers the renderers with one JJava renderer (done once per renderer). */
    static void register(Renderer renderer) {
        ADAPTER.register(renderer, () -> {
            Renderer.RenderRegistration<Object> r = renderer.createRegistration(Object.class)
                    .preferring(MIMEType.TEXT_HTML);
            KernelAdapter.TYPES.forEach(r::onType);
            r.register((value, c) -> ADAPTER.render(value, c.wantsDataRenderedAs(MIMEType.TEXT_HTML),
                    c.getOutputContainer()));
        });
    }
}
