package cmt.cli;

import cmt.codec.convert.Converter;

import cmt.codec.convert.Converter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cmt valgrind2trace}: a valgrind --trace-malloc=yes log to a trace. */
@Command(name = "valgrind2trace", mixinStandardHelpOptions = true,
        description = {"Convert the log of valgrind --trace-malloc=yes [--trace-sched=yes] to a trace.",
            "C++ new/delete, memalign forms, realloc(NULL, n) and realloc(p, 0) are understood; with "
                + "--trace-sched=yes valgrind's thread numbers are written as tid=. The counts are checked "
                + "against valgrind's 'total heap usage' line.", ConvertCommand.OUT_FORMATS},
        footer = {"%nExamples:",
            "  valgrind --trace-malloc=yes --trace-sched=yes --log-file=ls.vg ls && cmt valgrind2trace ls.vg",
            "  cmt valgrind2trace --pid 4242 -o child.trace build.vg"})
final class Valgrind2Trace extends ConvertCommand {
    @Option(names = "--pid", paramLabel = "PID",
            description = "Keep this process (default: the first in the log; heap calls of others are counted).")
    Long pid;

    @Override
    Converter converter() {
        return Converter.valgrind(pid);
    }
}
