package cmt.cli;

import cmt.replay.Replay;
import cmt.replay.Touch;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options {@code cmt replay} and {@code cmt compare} share: how each replay runs and is measured. */
public final class ReplayOptions {
    @Option(names = "--touch", defaultValue = "none", paramLabel = "none|page|full", converter = TouchConverter.class,
            description = "What is done to each new block: nothing (as the original cmtreplay), one write per "
                    + "page, or a full fill. RSS depends on it (default: ${DEFAULT-VALUE}).")
    Touch touch;

    @Option(names = "--in-process",
            description = "Replay in this JVM instead of a child process: starts faster, but an allocator "
                    + "that crashes takes cmt with it, and jemalloc needs GLIBC_TUNABLES="
                    + cmt.replay.Allocator.TUNABLE + " set before cmt starts.")
    boolean inProcess;

    @Option(names = "--sample-every", defaultValue = "" + Replay.SAMPLE_EVERY, paramLabel = "N",
            converter = SampleEveryConverter.class,
            description = "Time one allocator call in N (a power of two; 1 times every call, 0 none; "
                    + "default: ${DEFAULT-VALUE}).")
    int sampleEvery;

    @Option(names = "--usable-size", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Ask malloc_usable_size after every allocation, to report usable against "
                    + "requested bytes (default: on; --no-usable-size saves one call per allocation).")
    boolean usable;

    /** A replay through {@code allocator} with these options and the input options' leniency. */
    Replay replay(String allocator, InputOptions input) {
        return Replay.of(allocator).touch(touch).inProcess(inProcess).sampleEvery(sampleEvery)
                .usableSizes(usable).leniency(input.leniency());
    }

    /** Parses 0 or a power of two, so that another number is a usage error. */
    static final class SampleEveryConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number");
            }
            if (!Replay.isSampleEvery(n)) {
                throw new TypeConversionException(n + " is not 0 or a power of two");
            }
            return n;
        }
    }

    /** Parses none, page or full. */
    static final class TouchConverter implements ITypeConverter<Touch> {
        @Override
        public Touch convert(String value) {
            try {
                return Touch.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
