package cmt.dsl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Builds a summary of named measures, kept as plain rows (so that a command line can print them without
 * starting tablesaw, whose first table scans the class path) and made a table of columns {@code measure},
 * {@code value}, {@code unit}, and optionally {@code definition} on request. Counts are exact integers
 * ({@link #longs}); ratios need {@link #doubles}.
 */
final class Measures {
    /** One measure: its name, its value (a long for {@link #longs}), its unit and definition (or null). */
    record Row(String measure, Number value, String unit, String definition) {
    }

    private final String name;
    private final boolean integral;
    private final boolean defined;
    private final List<Row> rows = new ArrayList<>();

    private Measures(String name, boolean integral, boolean defined) {
        this.name = name;
        this.integral = integral;
        this.defined = defined;
    }

    /** Integer measures without definitions. */
    static Measures longs(String name) {
        return new Measures(name, true, false);
    }

    /** Real-valued measures, each with a definition. */
    static Measures doubles(String name) {
        return new Measures(name, false, true);
    }

    Measures add(String what, long value, String units) {
        rows.add(new Row(what, integral ? (Number) value : (Number) (double) value, units, null));
        return this;
    }

    Measures add(String what, double value, String units, String defined) {
        rows.add(new Row(what, value, units, defined));
        return this;
    }

    List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    Table table() {
        StringColumn measure = StringColumn.create("measure");
        StringColumn unit = StringColumn.create("unit");
        LongColumn longs = integral ? LongColumn.create("value") : null;
        DoubleColumn doubles = integral ? null : DoubleColumn.create("value");
        StringColumn definition = defined ? StringColumn.create("definition") : null;
        for (Row r : rows) {
            measure.append(r.measure());
            if (integral) {
                longs.append(r.value().longValue());
            } else {
                doubles.append(r.value().doubleValue());
            }
            unit.append(r.unit());
            if (defined) {
                definition.append(r.definition());
            }
        }
        Table t = Table.create(name, measure, integral ? longs : doubles, unit);
        return defined ? t.addColumns(definition) : t;
    }
}
