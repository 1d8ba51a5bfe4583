package cmt.dsl;

import cmt.codec.CompactHeader;
import cmt.codec.CompactWriter;
import cmt.codec.LegacyCmtWriter;
import cmt.codec.TextWriter;
import cmt.codec.TraceWriter;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Function;

/**
 * A trace format that {@link Trace#encoding} measures: a name and a way to make its writer.
 *
 * @param name   the name shown in tables
 * @param writer makes a writer of the format into a stream
 */
public record Encoding(String name, Function<OutputStream, TraceWriter> writer) {
    /** Every format cmt writes; a new format joins the measurements with one line here. */
    public static final List<Encoding> ALL = List.of(
            new Encoding("text", out -> new TextWriter(out, "text", false)),
            new Encoding("tagged text", out -> new TextWriter(out, "tagged text", true)),
            new Encoding("legacy CMT", out -> new LegacyCmtWriter(out, "legacy CMT")),
            new Encoding("compact", out -> new CompactWriter(out, "compact", CompactHeader.of(false))),
            new Encoding("compact + addresses", out -> new CompactWriter(out, "compact + addresses", CompactHeader.of(true))),
            new Encoding("compact packed", out -> new CompactWriter(out, "compact packed",
                    CompactHeader.of(false).withPacked(true))),
            new Encoding("compact packed + addresses", out -> new CompactWriter(out, "compact packed + addresses",
                    CompactHeader.of(true).withPacked(true))));
}
