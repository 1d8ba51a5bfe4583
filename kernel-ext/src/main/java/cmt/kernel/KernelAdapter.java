package cmt.kernel;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * What cmt adds to a kernel built on IJava's kernel library, written once for {@link IJavaKernel} and
 * {@link JJavaExtension}: cmt's renderers registered with a kernel's renderer (once, however often the
 * adapter is installed), what a registered render function puts into the kernel's output, and the
 * {@link Frontend} that sends {@link Notebook}'s output to the kernel. JJava forked IJava's library under
 * new package names, so the two name the same operations with types of their own that share no
 * supertype; each adapter hands its library's operations to this class as functions.
 *
 * @param <D> the library's {@code DisplayData}, one output's data by MIME type
 */
final class KernelAdapter<D> {
    /**
     * The value types the render function is registered for. The library looks a renderer up by the value's
     * class, then its interfaces, then its superclasses, and reaches {@code Object} last; the registration on
     * {@code Object} is therefore a fallback that only adds HTML for values {@link Renderers} knows (anything
     * with {@code toHtml()}, cmt records) and leaves every other value to the kernel's own renderers.
     */
    static final List<Class<?>> TYPES = List.of(Table.class, Figure.class, Rendered.class, Object.class);

    private final Class<D> dataType;
    private final Supplier<D> newData;
    private final BiConsumer<D, String> putHtml;
    private final BiConsumer<D, String> putText;
    private final BiConsumer<D, String> setDisplayId;
    // Weak: a renderer belongs to a kernel, which may be dropped (tests make many).
    private final Set<Object> registered = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /** An adapter for the library whose {@code DisplayData} is {@code dataType}, with its operations on it. */
    KernelAdapter(Class<D> dataType, Supplier<D> newData, BiConsumer<D, String> putHtml, BiConsumer<D, String> putText,
            BiConsumer<D, String> setDisplayId) {
        this.dataType = dataType;
        this.newData = newData;
        this.putHtml = putHtml;
        this.putText = putText;
        this.setDisplayId = setDisplayId;
    }

    /**
     * Runs {@code registration} (which registers {@link #render} for {@link #TYPES} with {@code renderer}, HTML
     * preferred) the first time it is given this renderer: registered twice, a value would be rendered twice.
     */
    void register(Object renderer, Runnable registration) {
        if (registered.add(renderer)) {
            registration.run();
        }
    }

    /** What a registered render function does: puts cmt's HTML (if wanted) and text for a value into its output. */
    void render(Object value, boolean wantsHtml, D output) {
        Rendered r = Renderers.render(value, wantsHtml);
        if (r != null) {
            put(output, r);
        }
    }

    private D put(D d, Rendered r) {
        if (r.html() != null) {
            putHtml.accept(d, r.html());
        }
        putText.accept(d, r.text());
        return d;
    }

    /**
     * Output into the cell that is running, through a kernel's operations: its renderer ({@code render}), its
     * display of a new output ({@code display}) and its update of the output with a display id ({@code update}).
     */
    Frontend frontend(Function<Object, D> render, Consumer<D> display, BiConsumer<String, D> update) {
        return new Frontend() {
            @Override
            public void show(Object value) {
                display.accept(dataType.isInstance(value) ? dataType.cast(value) : render.apply(value));
            }

            @Override
            public void display(String id, Rendered r) {
                D d = put(newData.get(), r);
                setDisplayId.accept(d, id);
                display.accept(d);
            }

            @Override
            public void update(String id, Rendered r) {
                update.accept(id, put(newData.get(), r));
            }
        };
    }
}
