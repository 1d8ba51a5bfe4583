package cmt.dsl;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Builds a summary table of named measures: columns {@code measure}, {@code value}, {@code unit}, and
 * optionally {@code definition}. Counts are exact integers ({@link #longs}); ratios need
 * {@link #doubles}.
 */
final class Measures {
    private final String name;
    private final StringColumn measure = StringColumn.create("measure");
    private final LongColumn longValue;
    private final DoubleColumn doubleValue;
    private final StringColumn unit = StringColumn.create("unit");
    private final StringColumn definition;

    private Measures(String name, boolean integral, boolean defined) {
        this.name = name;
        this.longValue = integral ? LongColumn.create("value") : null;
        this.doubleValue = integral ? null : DoubleColumn.create("value");
        this.definition = defined ? StringColumn.create("definition") : null;
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
        measure.append(what);
        if (longValue != null) {
            longValue.append(value);
        } else {
            doubleValue.append(value);
        }
        unit.append(units);
        return this;
    }

    Measures add(String what, double value, String units, String defined) {
        measure.append(what);
        doubleValue.append(value);
        unit.append(units);
        definition.append(defined);
        return this;
    }

    Table table() {
        Table t = Table.create(name, measure, longValue != null ? longValue : doubleValue, unit);
        return definition == null ? t : t.addColumns(definition);
    }
}
