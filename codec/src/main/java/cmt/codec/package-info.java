/**
 * Allocation traces: reading and writing every format cmt knows.
 *
 * <p>A trace is a sequence of {@link cmt.codec.Event}s, each a heap {@link cmt.codec.Op}eration. A
 * {@link cmt.codec.TraceReader} pulls them from any {@link cmt.codec.Format} (text, legacy CMT, compact),
 * chosen by content, from an {@link cmt.codec.Input} that may be compressed; every event comes out
 * resolved (tagged, and a free names the block it ends). A {@link cmt.codec.TraceWriter} writes them in
 * any format, as {@link cmt.codec.WriteOptions} say. Bad input is a {@link cmt.codec.TraceException} whose
 * one-line message names the file and line or byte offset; a {@link cmt.codec.Leniency#LENIENT} reader
 * rewrites what real recorders get wrong instead, and counts it in {@link cmt.codec.Repairs}.
 *
 * <p>A pass, pulling:
 * <pre>{@code
 * try (TraceReader r = TraceReader.open(Path.of("ls.trace.gz"))) {
 *     Event e = new Event();                       // refilled in place: no object per event
 *     while (r.next(e)) {
 *         if (e.op == Op.FREE) {
 *             lifetimes.record(e.index - e.oldIndex);
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>A conversion, writing:
 * <pre>{@code
 * try (TraceReader r = TraceReader.open(Path.of("ls.trace"));
 *      Output out = Output.create(Path.of("ls.cmtz"), false, "ls.trace")) {
 *     try (TraceWriter w = TraceWriter.open(out, Format.COMPACT, WriteOptions.DEFAULT.withAddresses(false))) {
 *         r.forEach(w::write);
 *     }
 *     out.commit();                                // ls.cmtz appears now, whole, or not at all
 * }
 * }</pre>
 *
 * <p>Nullness: no method of this package accepts or returns {@code null} unless its documentation says
 * so; absent values are {@link java.util.Optional} or, in an {@link cmt.codec.Event}'s fields,
 * {@link cmt.codec.Event#NONE}.
 *
 * <p>The subpackages are internal, one per format: {@code text}, {@code legacy}, {@code compact} (its
 * container, with its two codings beneath it, {@code compact.modelled} and {@code compact.packed}),
 * {@code resolve} (tags and live blocks), and {@code convert} (recorders' output, reached through
 * {@link cmt.codec.convert.Converter}). Other modules use this package and {@code Converter} only.
 */
package cmt.codec;
