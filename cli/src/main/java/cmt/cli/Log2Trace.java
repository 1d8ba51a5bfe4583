package cmt.cli;

import cmt.codec.convert.Converter;

import cmt.codec.convert.Converter;
import picocli.CommandLine.Command;

/** {@code cmt log2trace}: CHERI dtrace allocation logs to a trace. */
@Command(name = "log2trace", mixinStandardHelpOptions = true,
        description = {"Convert a CHERI dtrace allocation log (CTSRD-CHERI/memory-alloc-tracing) to a trace.",
            "Reads the 2018 six-column layout and the later one announced by an @record-type:call-trace header "
                + "(tid= and ns= are written). calloc, posix_memalign, aligned_alloc, memalign and valloc are "
                + "kept; mmap/munmap and aspace-sample records are skipped and counted. Each distinct call stack "
                + "becomes a site, its frames as dtrace printed them (not symbolized).", ConvertCommand.OUT_FORMATS},
        footer = {"%nExamples:",
            "  cmt log2trace chromium.log.bz2 -o chromium.trace.zst",
            "  cmt log2trace --tagged sshd.log > sshd.trace"})
final class Log2Trace extends ConvertCommand {
    @Override
    Converter converter() {
        return Converter.dtrace();
    }
}
