package cmt.cli;

import cmt.codec.convert.Converter;

import cmt.codec.convert.Converter;
import picocli.CommandLine.Command;

/** {@code cmt heaptrack2trace}: heaptrack raw data to a trace. */
@Command(name = "heaptrack2trace", mixinStandardHelpOptions = true,
        description = {"Convert heaptrack raw data (heaptrack --raw PROG) to a trace.",
            "heaptrack writes calloc and aligned allocations as malloc and a realloc as free plus malloc; "
                + "it records no threads. Its call stacks are kept as the trace's sites, symbolized with binutils "
                + "(convert while the recorded program's files are in place). Interpreted heaptrack files (the default output) have no addresses "
                + "and are refused.", ConvertCommand.OUT_FORMATS},
        footer = {"%nExamples:",
            "  heaptrack --raw -o ls ls -R /usr/share >/dev/null && cmt heaptrack2trace ls.raw.zst -o ls.trace",
            "  cmt record -o ls.trace -- ls -R /usr/share      (the same in one step)"})
final class Heaptrack2Trace extends ConvertCommand {
    @Override
    Converter converter() {
        return Converter.heaptrack();
    }
}
