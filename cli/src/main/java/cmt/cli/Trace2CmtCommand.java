package cmt.cli;

import cmt.codec.Format;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;
import java.io.OutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cmt trace2cmt}: the original {@code trace2cmt}: text to legacy CMT, or to tagged text with -s. */
@Command(name = "trace2cmt", mixinStandardHelpOptions = true,
        description = {"Encode a trace as the original's compact binary (legacy CMT, about 3 bytes per event), "
                + "or with -s print it in the tagged text form.",
                "", "Examples:", "  cmt trace2cmt -o ls.cmt ls.trace", "  cmt trace2cmt -s ls.trace"})
final class Trace2CmtCommand extends TranscodeCommand {
    @Option(names = "-s", description = "Write the tagged text form instead of legacy CMT.")
    boolean text;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!text && out.output == null && System.console() != null && System.console().isTerminal()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "refusing to write binary to a terminal: use -o OUT or -s");
        }
        return super.call();
    }

    @Override
    TraceWriter writer(OutputStream stream, String name) {
        return TraceWriter.open(stream, name, text ? Format.TEXT : Format.LEGACY_CMT, WriteOptions.DEFAULT);
    }
}
