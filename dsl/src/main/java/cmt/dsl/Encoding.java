package cmt.dsl;

import cmt.codec.Format;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Function;

import static cmt.codec.WriteOptions.Coding.MODELLED;
import static cmt.codec.WriteOptions.Coding.PACKED;

/**
 * A trace format that {@link Trace#encoding} measures: a name and a way to make its writer.
 *
 * @param name   the name shown in tables
 * @param writer makes a writer of the format into a stream
 */
public record Encoding(String name, Function<OutputStream, TraceWriter> writer) {
    /** Every format cmt writes; a new format joins the measurements with one line here. */
    public static final List<Encoding> ALL = List.of(
            of("text", Format.TEXT, WriteOptions.DEFAULT.withTagged(false)),
            of("tagged text", Format.TEXT, WriteOptions.DEFAULT),
            of("legacy CMT", Format.LEGACY_CMT, WriteOptions.DEFAULT),
            of("compact", Format.COMPACT, WriteOptions.DEFAULT.withAddresses(false)),
            of("compact + addresses", Format.COMPACT, WriteOptions.DEFAULT),
            of("compact modelled", Format.COMPACT, WriteOptions.DEFAULT.withAddresses(false).withCoding(MODELLED)),
            of("compact modelled + addresses", Format.COMPACT, WriteOptions.DEFAULT.withCoding(MODELLED)),
            of("compact packed", Format.COMPACT, WriteOptions.DEFAULT.withAddresses(false).withCoding(PACKED)),
            of("compact packed + addresses", Format.COMPACT, WriteOptions.DEFAULT.withCoding(PACKED)));

    /** The format {@code format} written with {@code options}, under {@code name}. */
    public static Encoding of(String name, Format format, WriteOptions options) {
        return new Encoding(name, out -> TraceWriter.open(out, name, format, options));
    }
}
