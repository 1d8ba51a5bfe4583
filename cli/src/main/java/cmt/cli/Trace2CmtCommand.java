package cmt.cli;

import cmt.codec.Event;
import cmt.codec.Format;
import cmt.codec.TraceReader;
import cmt.codec.TraceWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cmt trace2cmt}: the original {@code trace2cmt}: text to legacy CMT, or to tagged text with -s. */
@Command(name = "trace2cmt", mixinStandardHelpOptions = true,
        description = {"Encode a trace as the original's compact binary (legacy CMT, about 3 bytes per event), "
                + "or with -s print it in the tagged text form.",
                "", "Examples:", "  cmt trace2cmt -o ls.cmt ls.trace", "  cmt trace2cmt -s ls.trace"})
final class Trace2CmtCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "Trace in any format cmt reads; - for standard input.")
    String input;

    @Option(names = "-s", description = "Write the tagged text form instead of legacy CMT.")
    boolean text;

    @Mixin
    InputOptions in;

    @Mixin
    OutputOptions out;

    @Override
    public Integer call() {
        if (!text && out.output == null && System.console() != null && System.console().isTerminal()) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "refusing to write binary to a terminal: use -o OUT or -s");
        }
        try (TraceReader r = in.open(input);
             TraceWriter w = TraceWriter.of(text ? Format.TEXT : Format.LEGACY_CMT, out.open(), out.name(), true)) {
            Event e = new Event();
            while (r.next(e)) {
                w.write(e);
            }
            in.reportRepairs(r);
        }
        return Defaults.EXIT_OK;
    }
}
