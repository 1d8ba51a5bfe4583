package cmt.cli;

import cmt.codec.Event;
import cmt.codec.TextWriter;
import cmt.codec.TraceReader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cmt cmt2trace}: any trace (typically legacy CMT) back to text. */
@Command(name = "cmt2trace", mixinStandardHelpOptions = true,
        description = {"Decode a trace (typically legacy CMT) to the tagged text form. Legacy CMT holds no "
                + "addresses: the decoded trace gets synthetic ones, laid out as a bump allocator would "
                + "(each block 16-byte aligned right after the previous one, from 0x10000), unique for every "
                + "block ever allocated.",
                "", "Example:", "  cmt cmt2trace ls.cmt > ls.trace"})
final class Cmt2TraceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "Trace in any format cmt reads; - for standard input.")
    String input;

    @Option(names = "--plain", description = "Write the plain form (0x pointers, no tags).")
    boolean plain;

    @Mixin
    InputOptions in;

    @Mixin
    OutputOptions out;

    @Override
    public Integer call() {
        try (TraceReader r = in.open(input); TextWriter w = new TextWriter(out.open(), out.name(), !plain)) {
            Event e = new Event();
            while (r.next(e)) {
                w.write(e);
            }
            in.reportRepairs(r);
        }
        return Defaults.EXIT_OK;
    }
}
