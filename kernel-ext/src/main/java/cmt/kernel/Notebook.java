package cmt.kernel;

/**
 * What a notebook cell calls; the "Java (cmt)" kernel imports these statically, so cells write
 * {@code show(table)}, {@code progress("name")}, {@code html("<b>…</b>")}.
 *
 * <p>Values display as follows, both as the last expression of a cell and through {@link #show}:
 * a tablesaw {@code Table} as an HTML table (first and last rows of a long one, with its size); a
 * tablesaw-jsplot {@code Figure} as a plotly chart (plotly.js travels with the first chart of a kernel
 * session, so notebooks work offline); anything with a public {@code String toHtml()} method
 * ({@link HtmlRenderable}) as that HTML; a record of a {@code cmt.} package as a table of its components,
 * and a list of such records as a table with a row per record; anything else as IJava shows it.
 *
 * <p>Outside a kernel the same calls print text on standard output.
 */
public final class Notebook {
    private static volatile Frontend frontend = new Frontend.Console();

    private Notebook() {
    }

    /** Routes output to a kernel; called once when the kernel starts. */
    static void use(Frontend f) {
        frontend = f;
    }

    /**
     * Shows a value as an output of its own, at this point of the cell. Unlike IJava's {@code display},
     * it returns nothing, so no {@code Out[n]} line with a display id follows when it ends a cell.
     */
    public static void show(Object value) {
        frontend.show(value);
    }

    /** Shows each value, in order, as its own output. */
    public static void show(Object first, Object... more) {
        show(first);
        for (Object v : more) {
            show(v);
        }
    }

    /** Shows an HTML fragment as an output (text front ends see the HTML source). */
    public static void html(String fragment) {
        frontend.show(new Rendered(fragment, fragment));
    }

    /**
     * A progress display for a long pass, to hand to {@code TraceReader.onProgress}: one output,
     * updated in place, that ends as "N events in T s".
     */
    public static Progress progress(String label) {
        return new Progress(label, frontend);
    }

    /**
     * Puts plotly.js (3.4 MB) into this cell's output. Charts need it once per page; the first chart of
     * each kernel session carries it already, so this is only for a notebook whose cells were run out of
     * order and then saved or exported.
     */
    public static void plotly() {
        frontend.show(new Rendered(FigureHtml.plotly(), "plotly.js " + PlotlyJs.VERSION + " (inline)"));
    }
}
