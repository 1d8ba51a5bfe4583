package cmt.cli;

import cmt.codec.AsciiSink;
import cmt.codec.Output;
import cmt.codec.TraceReader;
import cmt.dsl.annotate.Annotation;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The frame of {@code cmt lifetimes} and {@code cmt overhead}: read one trace, print it annotated. */
abstract class AnnotateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "Trace: text (plain or tagged) or legacy CMT, "
            + "optionally gzip/bzip2/xz/zstd compressed; - for standard input.")
    String input;

    @Mixin
    InputOptions in;

    @Mixin
    OutputOptions out;

    private final Function<AsciiSink, Annotation> annotation;

    AnnotateCommand(Function<AsciiSink, Annotation> annotation) {
        this.annotation = annotation;
    }

    @Override
    public Integer call() {
        try (TraceReader r = in.open(input); Output o = out.open(input)) {
            try (AsciiSink sink = new AsciiSink(o.stream(), o.name())) {
                annotation.apply(sink).run(r);
            }
            o.commit();
            in.reportRepairs(r);
        }
        return Defaults.EXIT_OK;
    }
}
