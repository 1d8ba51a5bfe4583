// The check every converter fuzz test makes: convert the input, and read back the trace written from it.
package cmt.codec.fuzz;

import cmt.codec.Event;
import cmt.codec.Format;
import cmt.codec.Sites;
import cmt.codec.WriteOptions;
import cmt.codec.convert.Converter;
import java.util.List;

/**
 * A converter either reads the whole input or fails with a clean {@code TraceException}; the events it hands
 * out, written as a tagged text trace, read back strictly to the same events (its documented promise).
 */
final class ConverterFuzzing {
    private ConverterFuzzing() {
    }

    static void check(Converter converter, byte[] data) {
        List<Event> events = Harness.convert(converter, data);
        if (events != null) {
            Harness.roundTrip(events, Format.TEXT, WriteOptions.DEFAULT, "converted");
        }
    }

    /** {@link #check}, and then every site an event names is in the converter's table, with a frame. */
    static void checkWithSites(Converter converter, byte[] data) {
        List<Event> events = Harness.convert(converter, data);
        if (events == null) {
            return;
        }
        Harness.roundTrip(events, Format.TEXT, WriteOptions.DEFAULT, "converted");
        Sites sites = converter.sites();
        for (Event e : events) {
            Harness.expect(e.site == Event.NONE || !sites.frames(e.site).isEmpty(),
                    "site " + e.site + " of " + Harness.fields(e) + " is not in the table " + sites);
        }
    }
}
