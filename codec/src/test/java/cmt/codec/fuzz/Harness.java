// What every fuzz harness of this package shares: reading an input through the public API, the contract a
// failure must meet (a TraceException with a one-line message naming the input and a line or byte offset),
// and the round trips that check what was read.
package cmt.codec.fuzz;

import cmt.codec.Event;
import cmt.codec.Format;
import cmt.codec.Input;
import cmt.codec.Leniency;
import cmt.codec.TraceException;
import cmt.codec.TraceReader;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;
import cmt.codec.convert.Converter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Shared steps of the fuzz tests; a violated expectation is an {@link AssertionError}, which Jazzer reports. */
final class Harness {
    /** The name every fuzzed input is opened under; a failure's message must start with it. */
    static final String NAME = "fuzz-input";
    /** A message at most this long: the quoted input text is cut at 160 characters. */
    static final int MAX_MESSAGE = 400;
    /** A line ({@code NAME:LINE: }) or a byte offset or line named in the message. */
    private static final Pattern POSITION = Pattern.compile("^" + Pattern.quote(NAME) + ":\\d+: |\\b(byte|line) \\d+\\b");

    private Harness() {
    }

    /** What reading an input gave: the events, or the failure. */
    record Read(List<Event> events, long repairs, Optional<WriteOptions> options, Format format, TraceException error) {
        boolean ok() {
            return error == null;
        }
    }

    /** {@code data} as an input of known size, as a file would be opened. */
    static Input input(byte[] data) {
        return Input.of(new ByteArrayInputStream(data), NAME, data.length);
    }

    /** Reads {@code data} with every event copied out; a failure is checked against the contract. */
    static Read read(byte[] data, Leniency leniency) {
        return read(data, NAME, leniency);
    }

    private static Read read(byte[] data, String name, Leniency leniency) {
        List<Event> events = new ArrayList<>();
        try (TraceReader r = TraceReader.open(Input.of(new ByteArrayInputStream(data), name, data.length), leniency)) {
            r.forEach(e -> events.add(e.copy()));
            return new Read(events, r.repairs().total(), r.options(), r.format(), null);
        } catch (TraceException e) {
            clean(e, name);
            return new Read(null, 0, Optional.empty(), null, e);
        }
    }

    /** The events a converter hands out for {@code data}, or null after a failure that meets the contract. */
    static List<Event> convert(Converter c, byte[] data) {
        List<Event> events = new ArrayList<>();
        try {
            long n = c.convert(input(data), e -> events.add(e.copy()));
            expect(n == events.size(), "the converter counted " + n + " events and handed out " + events.size());
            expect(c.written() == n, "written() says " + c.written() + ", convert returned " + n);
            expect(!c.report().isEmpty(), "empty report");
            return events;
        } catch (TraceException e) {
            clean(e, NAME);
            return null;
        }
    }

    /** The contract of a failure: one line, naming the input and a position in it, of a readable length. */
    static void clean(TraceException e, String name) {
        String m = e.getMessage();
        expect(m != null, "a TraceException without a message");
        expect(m.indexOf('\n') < 0 && m.indexOf('\r') < 0, "message of more than one line: " + m);
        expect(m.startsWith(name + ":"), "message does not start with the input's name: " + m);
        expect(m.length() <= MAX_MESSAGE + name.length(), "message of " + m.length() + " characters: " + m);
        expect(POSITION.matcher(m).find(), "message names no line or byte offset: " + m);
    }

    /** Every field a reader fills except the input line numbers, which a rewritten trace does not keep. */
    static String fields(Event e) {
        return e.op + " size=" + Long.toUnsignedString(e.size) + " address=" + Long.toHexString(e.address)
                + " tag=" + Long.toUnsignedString(e.tag) + " old=" + Long.toHexString(e.oldAddress)
                + "<" + Long.toUnsignedString(e.oldTag) + "> oldSize=" + Long.toUnsignedString(e.oldSize)
                + " oldIndex=" + e.oldIndex + " count=" + Long.toUnsignedString(e.count)
                + " alignment=" + Long.toUnsignedString(e.alignment) + " tid=" + e.thread + " ns=" + e.timestamp
                + " index=" + e.index;
    }

    static List<String> fields(List<Event> events) {
        return events.stream().map(Harness::fields).toList();
    }

    /** {@code events} written in {@code format}. */
    static byte[] write(List<Event> events, Format format, WriteOptions options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TraceWriter w = TraceWriter.open(bytes, "rewritten", format, options)) {
            events.forEach(w::write);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes {@code events} in {@code format} and reads them back strictly: every field must come back, and
     * the reader must see the format it was written in.
     */
    static void roundTrip(List<Event> events, Format format, WriteOptions options, String what) {
        byte[] again = write(events, format, options);
        Read back = read(again, "rewritten", Leniency.STRICT);
        if (!back.ok()) {
            throw new AssertionError(what + ": the rewritten " + format + " trace does not read back: "
                    + back.error().getMessage());
        }
        expect(back.format() == format, what + ": rewritten as " + format + ", read as " + back.format());
        same(events, back.events(), what + ": rewritten as " + format);
    }

    /** The two lists of events are equal in every field {@link #fields(Event)} shows. */
    static void same(List<Event> expected, List<Event> actual, String what) {
        List<String> a = fields(expected);
        List<String> b = fields(actual);
        if (a.equals(b)) {
            return;
        }
        int i = 0;
        while (i < Math.min(a.size(), b.size()) && a.get(i).equals(b.get(i))) {
            i++;
        }
        throw new AssertionError(what + ": " + a.size() + " events became " + b.size() + "; first difference at event "
                + i + ": " + (i < a.size() ? a.get(i) : "none") + " became " + (i < b.size() ? b.get(i) : "none"));
    }

    static void expect(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    /** True if {@code data} starts with a magic number that {@link Input} decompresses. */
    static boolean compressed(byte[] data) {
        return Input.compression(data) != null;
    }

    /** The format {@link TraceReader} would choose for uncompressed {@code data}. */
    static Format detect(byte[] data) {
        return Format.detect(data, Math.min(data.length, Format.SNIFF_BYTES));
    }
}
