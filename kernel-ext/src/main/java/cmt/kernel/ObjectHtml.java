package cmt.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Optional;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * HTML for cmt's own result types, found without their modules depending on the kernel: a public
 * {@code String toHtml()} method (what {@link HtmlRenderable} declares) is used when present; otherwise a
 * record of a {@code cmt.} package is shown as a two-column table of its components, numbers grouped in
 * thousands and nested tables, charts and results rendered in place; and a list of such records of one
 * type (a comparison: one result per allocator) as a table with a row per record, cut like a long
 * {@link TableHtml table}.
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
        return value != null && (TO_HTML.get(value.getClass()).isPresent() || isCmtRecord(value)
                || isCmtRecordList(value));
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
        if (isCmtRecordList(value)) {
            return records((List<?>) value);
        }
        return null;
    }

    private static boolean isCmtRecord(Object value) {
        return value instanceof Record && value.getClass().getName().startsWith("cmt.");
    }

    private static boolean isCmtRecordList(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty() || !isCmtRecord(list.getFirst())) {
            return false;
        }
        Class<?> type = list.getFirst().getClass();
        return list.stream().allMatch(e -> e != null && e.getClass() == type);
    }

    private static String records(List<?> list) {
        RecordComponent[] components = list.getFirst().getClass().getRecordComponents();
        StringBuilder b = new StringBuilder(1024).append(Html.STYLE)
                .append("<table class=\"cmt cmt-records\"><caption>")
                .append(Html.number(list.size())).append(" \u00d7 ")
                .append(Html.escape(list.getFirst().getClass().getSimpleName())).append("</caption><thead><tr>");
        for (RecordComponent c : components) {
            b.append("<th>").append(Html.escape(c.getName())).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        int n = list.size();
        boolean cut = n > TableHtml.WHOLE;
        for (int i = 0; i < n; i++) {
            if (cut && i == TableHtml.HEAD) {
                b.append("<tr class=\"cmt-gap\"><td colspan=\"").append(components.length).append("\">\u2026 ")
                        .append(Html.number(n - TableHtml.HEAD - TableHtml.TAIL)).append(" more \u2026</td></tr>");
                i = n - TableHtml.TAIL;
            }
            b.append("<tr>");
            for (RecordComponent c : components) {
                Object v = component((Record) list.get(i), c);
                b.append(v instanceof Number ? "<td class=\"num\">" : "<td style=\"text-align:left\">")
                        .append(cell(v)).append("</td>");
            }
            b.append("</tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    private static Object component(Record r, RecordComponent c) {
        try {
            Method accessor = c.getAccessor();
            accessor.trySetAccessible();
            return accessor.invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return "(" + e.getClass().getSimpleName() + ")";
        }
    }

    private static String record(Record r) {
        StringBuilder b = new StringBuilder(512).append(Html.STYLE)
                .append("<table class=\"cmt cmt-record\"><caption>")
                .append(Html.escape(r.getClass().getSimpleName())).append("</caption><tbody>");
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v = component(r, c);
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
