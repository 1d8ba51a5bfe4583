package cmt.cli;

import cmt.dsl.annotate.OverheadAnnotation;
import picocli.CommandLine.Command;

/** {@code cmt overhead}: the original {@code overhead.py}, byte for byte. */
@Command(name = "overhead", mixinStandardHelpOptions = true,
        description = {"Print the trace with each malloc, free and realloc noted with its neighbours by "
                + "address, the gaps to them, the 4096-byte pages it covers and the change in pages covered "
                + "by live blocks (the original overhead.py, byte for byte).",
                "", "Example:", "  cmt overhead -o annotated.txt samples/python-heaptrack.trace.xz"})
final class OverheadCommand extends AnnotateCommand {
    OverheadCommand() {
        super(OverheadAnnotation::new);
    }
}
