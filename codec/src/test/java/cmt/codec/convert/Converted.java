package cmt.codec.convert;

import cmt.codec.Event;
import cmt.codec.Leniency;
import cmt.codec.Sources;
import cmt.codec.TextWriter;
import cmt.codec.TraceReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test helper: runs a converter over a fixture written in the test and keeps the trace it produced. */
record Converted(String text, Converter converter) {
    static Converted of(Converter c, String input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] in = input.getBytes(StandardCharsets.ISO_8859_1);
        try (TextWriter w = new TextWriter(bytes, "out", false)) {
            c.convert(Sources.open(new ByteArrayInputStream(in), "fixture", in.length), w::write);
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

    long count(Normalisations.Kind kind) {
        return converter.normalisations().count(kind);
    }
}
