package cmt.dsl;

import java.util.function.Function;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * A result table that draws itself: what {@link Trace#live()}, {@link Trace#pages()}, {@link Trace#sizes()},
 * {@link Trace#lifetimes()}, {@link Trace#layout()}, {@link Trace#heapMap()} and {@link Trace#sites()}
 * return. It is the table (a notebook shows it as one, and every tablesaw operation works on it) and
 * knows the chart that fits it:
 *
 * <pre>{@code
 * t.live()            // the table
 * t.live().chart()    // the same data as Charts.live(t.live())
 * }</pre>
 *
 * Tablesaw's operations ({@code where}, {@code sortOn}, {@code copy}...) give plain tables; draw those
 * with the {@link Charts} method the chart names.
 */
public final class ChartedTable extends Table {
    private final Function<Table, Figure> chart;

    private ChartedTable(Table table, Function<Table, Figure> chart) {
        super(table.name(), table.columns());
        this.chart = chart;
    }

    /** {@code table}, drawn by {@code chart}. */
    static ChartedTable of(Table table, Function<Table, Figure> chart) {
        return new ChartedTable(table, chart);
    }

    /** The chart of this table. */
    public Figure chart() {
        return chart.apply(this);
    }
}
