package cmt.cli;

import cmt.codec.convert.Converter;

import cmt.codec.convert.Converter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cmt kdump2trace}: FreeBSD kdump output of jemalloc utrace records to a trace. */
@Command(name = "kdump2trace", mixinStandardHelpOptions = true,
        description = {"Convert FreeBSD kdump output of jemalloc utrace records "
                + "(MALLOC_CONF=utrace:true ktrace -t u PROG; kdump) to a trace.",
            "Accepts kdump -H (thread ids, written as tid=), -T/-E/-R (first time column written as ns=) and -A. "
                + "Non-USER records and malloc_init() are skipped; free(0x0), failed allocations and frees of "
                + "unknown pointers are dropped and counted on stderr.", ConvertCommand.OUT_FORMATS},
        footer = {"%nExamples:",
            "  kdump -H -T | cmt kdump2trace > make.trace",
            "  cmt kdump2trace --pid 61039 -o make.trace ktrace.txt"})
final class Kdump2Trace extends ConvertCommand {
    @Option(names = "--pid", paramLabel = "PID",
            description = "Keep this process (default: the first with a malloc record; others are counted).")
    Long pid;

    @Override
    Converter converter() {
        return Converter.kdump(pid);
    }
}
