package cmt.kernel;

import cmt.dsl.HtmlTable;
import cmt.dsl.HtmlTable.Column;
import cmt.dsl.HtmlTable.Markup;
import cmt.dsl.Numbers;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * HTML for cmt's own result types, found without their modules depending on the kernel: a public
 * {@code String toHtml()} method (what {@link HtmlRenderable} declares) is used when present; otherwise a
 * record of a {@code cmt.} package is shown as a two-column table of its components (numbers in
 * {@link Numbers}' style, nested tables, charts and results rendered in place); and a list of such records
 * of one type (a comparison: one result per allocator) as a table with a row per record, an
 * {@link HtmlTable#excerpt() excerpt} when long. Both are written by {@link HtmlTable}.
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
        Class<?> type = list.getFirst().getClass();
        List<Column> columns = Arrays.stream(type.getRecordComponents())
                .map(c -> new Column(c.getName(), numeric(c.getType()), i -> cell(component((Record) list.get(i), c))))
                .toList();
        return new HtmlTable(Numbers.format(list.size()) + " \u00d7 " + type.getSimpleName(), list.size(), columns)
                .excerpt();
    }

    private static String record(Record r) {
        RecordComponent[] components = r.getClass().getRecordComponents();
        return new HtmlTable(r.getClass().getSimpleName(), components.length, List.of(
                new Column("component", false, i -> components[i].getName()),
                new Column("value", false, i -> cell(component(r, components[i]))))).whole();
    }

    private static boolean numeric(Class<?> type) {
        return type.isPrimitive() ? type != boolean.class && type != char.class : Number.class.isAssignableFrom(type);
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

    /** A component as a table cell: numbers and text as they are, anything with HTML of its own as that. */
    private static Object cell(Object v) {
        if (v == null || v instanceof Number || v instanceof CharSequence) {
            return v;
        }
        String nested = switch (v) {
            case Table t -> HtmlTable.of(t).excerpt();
            case Figure f -> FigureHtml.html(f);
            default -> html(v);
        };
        return nested != null ? new Markup(nested) : v;
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
