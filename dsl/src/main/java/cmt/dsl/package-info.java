/**
 * Analyses of malloc/realloc/free traces as tablesaw tables and plotly charts: the API a notebook cell
 * or a program uses.
 *
 * <p>{@link cmt.dsl.Trace} is the entry point: open a trace, narrow it to a view (window, blocks by op,
 * size or thread, a sample), and ask for tables ({@code stats()}, {@code lifetimes()}, {@code pages()},
 * ...). {@link cmt.dsl.Charts} draws them, {@link cmt.dsl.Report} puts everything on one offline HTML
 * page. Every analysis is a streaming pass whose memory follows the live blocks, not the trace length.
 * The numbered samples in {@code src/test/java/cmt/dsl/samples} teach the API one idea at a time.
 *
 * <p>No method takes or returns null, except {@link cmt.dsl.Trace#format()} and
 * {@link cmt.dsl.Trace#repairs()} before a view's first pass. The package {@code cmt.dsl.annotate} holds
 * the original tools' annotators.
 */
package cmt.dsl;
