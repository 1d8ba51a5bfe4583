package cmt.codec.convert;

import cmt.codec.Format;
import cmt.codec.Repairs;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;

import cmt.codec.Event;
import cmt.codec.Leniency;
import cmt.codec.Input;
import cmt.codec.text.TextWriter;
import cmt.codec.TraceReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test helper: runs a converter over a fixture written in the test and keeps the trace it produced. */
record Converted(String text, Converter converter) {
    static Converted of(Converter c, String input) {
        return of(c, input, false);
    }

    /** The same with the converter's site table written after the events, as {@code cmt} commands write it. */
    static Converted withSites(Converter c, String input) {
        return of(c, input, true);
    }

    private static Converted of(Converter c, String input, boolean sites) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] in = input.getBytes(StandardCharsets.ISO_8859_1);
        try (TraceWriter w = TraceWriter.open(bytes, "out", Format.TEXT, WriteOptions.DEFAULT.withTagged(false))) {
            c.convert(Input.of(new ByteArrayInputStream(in), "fixture", in.length), w::write);
            if (sites && !c.sites().isEmpty()) {
                w.sites(c.sites());
            }
        }
        Converted result = new Converted(bytes.toString(StandardCharsets.US_ASCII), c);
        result.readsStrictly();
        return result;
    }

    /** The normalised trace must be one that the strict reader accepts, with the same events. */
    private void readsStrictly() {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(b), "converted", Leniency.STRICT)) {
            long n = r.forEach((Event e) -> { });
            if (n != converter.written()) {
                throw new AssertionError("strict reader saw " + n + " events, converter wrote " + converter.written());
            }
        }
    }

    long count(Repairs.Kind kind) {
        return converter.repairs().count(kind);
    }
}
