package cmt.cli;

import cmt.codec.convert.Converter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cmt mtrace2trace}: glibc's mtrace log (MALLOC_TRACE) to a trace whose sites are the callers. */
@Command(name = "mtrace2trace", mixinStandardHelpOptions = true,
        description = {"Convert glibc's mtrace log (the file MALLOC_TRACE names when the program calls mtrace()) to a trace.",
            "glibc writes calloc and the aligned allocations as malloc; there are no threads or times. Each "
                + "allocation's caller becomes its site, symbolized with binutils: module paths the log gives "
                + "relative are taken from --dir, and a program run from PATH, which glibc names by its bare "
                + "argv[0], is found with --program. Since glibc 2.34 mtrace is in libc_malloc_debug.so.0, which "
                + "must be preloaded.", ConvertCommand.OUT_FORMATS},
        footer = {"%nExamples:",
            "  LD_PRELOAD=libc_malloc_debug.so.0 MALLOC_TRACE=p.mtrace ./p   (p calls mtrace())",
            "  cmt mtrace2trace p.mtrace -o p.trace",
            "  cmt mtrace2trace --dir /src --program /usr/bin/p p.mtrace.gz -o p.trace",
            "  cmt record --with mtrace -o p.trace -- ./p    (any program, in one step)"})
final class Mtrace2Trace extends ConvertCommand {
    @Option(names = "--dir", paramLabel = "DIR",
            description = "The directory the program ran in, for the module paths the log gives relative to it "
                    + "(default: the current directory).")
    Path dir;

    @Option(names = "--program", paramLabel = "EXE",
            description = "The program's executable, for a log that names it by a bare name (glibc writes argv[0]).")
    Path program;

    @Override
    Converter converter() {
        return Converter.mtrace(dir, program);
    }
}
