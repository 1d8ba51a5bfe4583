package cmt.kernel;

import cmt.dsl.HtmlTable;
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
            case Table t -> HtmlTable.of(t).excerpt();
            case Figure f -> FigureHtml.html(f);
            case Rendered r -> r.html();
            case null -> null;
            default -> ObjectHtml.html(value);
        };
    }

    /** The plain text for a value this class {@link #handles}, or {@code toString()}. */
    static String text(Object value) {
        return switch (value) {
            case Table t -> TableText.text(t);
            case Figure f -> FigureHtml.text(f);
            case Rendered r -> r.text();
            case null -> "null";
            default -> String.valueOf(value);
        };
    }

    /**
     * What a kernel's renderer should add for a value: null for values this class does not handle (the
     * kernel's default applies), else the text and, if {@code withHtml}, the HTML.
     */
    static Rendered render(Object value, boolean withHtml) {
        if (!handles(value)) {
            return null;
        }
        return new Rendered(withHtml ? html(value) : null, text(value));
    }
}
