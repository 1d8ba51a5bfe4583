package cmt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The core both kernel adapters hand their library's operations to, driven here by a library of its own. */
class KernelAdapterTest {
    /** A library's display data: what was put into one output. */
    static final class Data {
        String html;
        String text;
        String id;
    }

    private final KernelAdapter<Data> adapter = new KernelAdapter<>(Data.class, Data::new, (d, s) -> d.html = s,
            (d, s) -> d.text = s, (d, s) -> d.id = s);

    @Test
    void aRendererIsRegisteredWithOnceHoweverOftenItIsGiven() {
        Object one = new Object();
        Object other = new Object();
        List<Object> registrations = new ArrayList<>();
        adapter.register(one, () -> registrations.add(one));
        adapter.register(one, () -> registrations.add(one));
        adapter.register(other, () -> registrations.add(other));
        assertEquals(List.of(one, other), registrations);
    }

    @Test
    void renderingPutsHtmlWhenWantedAndTextAlways() {
        Data both = new Data();
        adapter.render(new Rendered("<i>x</i>", "x"), true, both);
        assertEquals("<i>x</i>", both.html);
        assertEquals("x", both.text);
        Data text = new Data();
        adapter.render(new Rendered("<i>x</i>", "x"), false, text);
        assertNull(text.html);
        assertEquals("x", text.text);
        Data untouched = new Data();
        adapter.render(42, true, untouched);
        assertNull(untouched.text, "a value cmt does not render is the kernel's");
    }

    @Test
    void theFrontendShowsDisplaysAndUpdatesThroughTheKernel() {
        List<Data> shown = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        Frontend f = adapter.frontend(value -> {
            Data d = new Data();
            d.text = "rendered " + value;
            return d;
        }, shown::add, (id, d) -> updated.add(id + ": " + d.text + " " + d.id));

        Data ready = new Data();
        f.show(ready);
        assertSame(ready, shown.get(0), "display data is shown as it is");
        f.show(7);
        assertEquals("rendered 7", shown.get(1).text, "anything else through the kernel's renderer");
        f.display("id-1", new Rendered("<p>a</p>", "a"));
        assertEquals(List.of("<p>a</p>", "a", "id-1"), List.of(shown.get(2).html, shown.get(2).text, shown.get(2).id));
        f.update("id-1", new Rendered(null, "b"));
        assertEquals(List.of("id-1: b null"), updated, "the update names the display; its data carries no id");
    }
}
