package cmt.kernel;

import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * What the kernel shows for a value, independent of which kernel (IJava or JJava) asks: the one place
 * that decides between tables, charts, progress displays and cmt's result types.
 */
final class Renderers {
    private Renderers() {
    }

    /** True when this value has an HTML form here; for any other value the kernel's default applies. */
    static boolean handles(Object value) {
        return value instanceof Table || value instanceof Figure || value instanceof Rendered
                || ObjectHtml.handles(value);
    }

    /** The HTML for a value this class {@link #handles}, or null. */
    static String html(Object value) {
        return switch (value) {
            case Table t -> TableHtml.html(t);
            case Figure f -> FigureHtml.html(f);
            case Rendered r -> r.html();
            case null -> null;
            default -> ObjectHtml.html(value);
        };
    }

    /** The plain text for a value this class {@link #handles}, or {@code toString()}. */
    static String text(Object value) {
        return switch (value) {
            case Table t -> TableHtml.text(t);
            case Figure f -> FigureHtml.text(f);
            case Rendered r -> r.text();
            case null -> "null";
            default -> String.valueOf(value);
        };
    }

    /** Both forms at once, for front ends that want a finished bundle. */
    static Rendered render(Object value) {
        String html = handles(value) ? html(value) : null;
        return new Rendered(html, text(value));
    }
}
