package cmt.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Optional;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * HTML for cmt's own result types, found without their modules depending on the kernel: a public
 * {@code String toHtml()} method (what {@link HtmlRenderable} declares) is used when present; otherwise a
 * record of a {@code cmt.} package is shown as a two-column table of its components, numbers grouped in
 * thousands and nested tables, charts and results rendered in place.
 */
final class ObjectHtml {
    private static final ClassValue<Optional<Method>> TO_HTML = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            try {
                Method m = type.getMethod("toHtml");
                if (m.getReturnType() != String.class || Modifier.isStatic(m.getModifiers())) {
                    return Optional.empty();
                }
                // A public method of a class that is not itself public (a record declared in a cell).
                m.trySetAccessible();
                return Optional.of(m);
            } catch (NoSuchMethodException e) {
                return Optional.empty();
            }
        }
    };

    private ObjectHtml() {
    }

    /** True when {@link #html} has something to say about values of this type. */
    static boolean handles(Object value) {
        return value != null && (TO_HTML.get(value.getClass()).isPresent() || isCmtRecord(value));
    }

    /** The HTML for a value, or null when it has none (the kernel then shows {@code toString()}). */
    static String html(Object value) {
        if (value == null) {
            return null;
        }
        Optional<Method> toHtml = TO_HTML.get(value.getClass());
        if (toHtml.isPresent()) {
            return invoke(toHtml.get(), value);
        }
        if (isCmtRecord(value)) {
            return record((Record) value);
        }
        return null;
    }

    private static boolean isCmtRecord(Object value) {
        return value instanceof Record && value.getClass().getName().startsWith("cmt.");
    }

    private static String record(Record r) {
        StringBuilder b = new StringBuilder(512).append(Html.STYLE)
                .append("<table class=\"cmt cmt-record\"><caption>")
                .append(Html.escape(r.getClass().getSimpleName())).append("</caption><tbody>");
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v;
            try {
                Method accessor = c.getAccessor();
                accessor.trySetAccessible();
                v = accessor.invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                v = "(" + e.getClass().getSimpleName() + ")";
            }
            b.append("<tr><th style=\"text-align:left\">").append(Html.escape(c.getName())).append("</th>");
            b.append(v instanceof Number ? "<td class=\"num\">" : "<td style=\"text-align:left\">")
                    .append(cell(v)).append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    private static String cell(Object v) {
        if (v instanceof Number n) {
            return Html.number(n);
        }
        if (v instanceof Table t) {
            return TableHtml.html(t);
        }
        if (v instanceof Figure f) {
            return FigureHtml.html(f);
        }
        String nested = html(v);
        return nested != null ? nested : Html.escape(String.valueOf(v));
    }

    private static String invoke(Method m, Object value) {
        try {
            return (String) m.invoke(value);
        } catch (IllegalAccessException e) {
            return null;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
