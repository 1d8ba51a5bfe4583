package cmt.cli;

import cmt.dsl.annotate.LifetimesAnnotation;
import picocli.CommandLine.Command;

/** {@code cmt lifetimes}: the original {@code lifetimes.py}, byte for byte. */
@Command(name = "lifetimes", mixinStandardHelpOptions = true,
        description = {"Print the trace with each free and realloc noted with the size of the block it ends "
                + "and how many lines ago that block was allocated (the original lifetimes.py, byte for byte).",
                "", "Example:", "  cmt lifetimes samples/python-heaptrack.trace.xz | less"})
final class LifetimesCommand extends AnnotateCommand {
    LifetimesCommand() {
        super(LifetimesAnnotation::new);
    }
}
