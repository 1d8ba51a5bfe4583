package cmt.cli;

import cmt.codec.Event;
import cmt.codec.Output;
import cmt.codec.TraceReader;
import cmt.codec.TraceWriter;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The frame of the commands that read one trace and write it again in another form. */
abstract class TranscodeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "Trace in any format cmt reads; - for standard input.")
    String input;

    @Mixin
    InputOptions in;

    @Mixin
    OutputOptions out;

    /** The writer of the output form. */
    abstract TraceWriter writer(OutputStream stream, String name);

    @Override
    public Integer call() {
        try (TraceReader r = in.open(input); Output o = out.open(input)) {
            String lost;
            try (TraceWriter w = writer(o.stream(), o.name())) {
                copy(r, w);
                lost = w.lost();
            }
            o.commit();
            in.reportRepairs(r);
            reportLost(o.name(), lost);
        }
        return Defaults.EXIT_OK;
    }

    /** One stderr line saying what the output's format could not hold, if anything. */
    static void reportLost(String output, String lost) {
        if (!lost.isEmpty()) {
            System.err.println("cmt: " + output + ": " + lost);
        }
    }

    /** Writes every event of {@code r} to {@code w}; returns how many. */
    static long copy(TraceReader r, TraceWriter w) {
        Event e = new Event();
        long n = 0;
        // The reader's table fills as it reads (a text trace has it at its end); the writer takes it at close.
        w.sites(r.sites());
        while (r.next(e)) {
            w.write(e);
            n++;
        }
        return n;
    }
}
