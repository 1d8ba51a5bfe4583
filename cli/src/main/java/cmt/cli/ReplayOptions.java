package cmt.cli;

import cmt.replay.Replay;
import cmt.replay.Touch;
import java.time.Duration;
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

    @Option(names = "--check", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Check that every block the allocator returns lies outside every live block, and "
                    + "stop with the event if not (default: on; --no-check saves its cost, outside the "
                    + "measured loop time).")
    boolean check;

    @Option(names = "--threads", description = "Replay each recorded thread on a native thread of its own: "
            + "threads keep their own order and a block freed by another thread than the one that made it is "
            + "freed there only after it was made; nothing else is ordered (default: every event on one thread).")
    boolean threads;

    @Option(names = "--pace", description = "Hold each call until as long after the start as it was recorded "
            + "after the first (the trace's ns= timestamps), so threads overlap as they did (default: as fast as "
            + "the allocator goes).")
    boolean pace;

    @Option(names = "--timeout", defaultValue = "0", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop a replay that takes longer than this, e.g. 90s, 10m, 1h (default: no limit).")
    Duration timeout;

    @Option(names = "--stall-timeout", defaultValue = Replay.STALL_SECONDS + "s", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop a replay when one allocator call has not returned for this long, naming the "
                    + "event (0 waits for ever; default: ${DEFAULT-VALUE}). With --in-process, cmt exits.")
    Duration stall;

    /** A replay through {@code allocator} with these options and the input options' leniency. */
    Replay replay(String allocator, InputOptions input) {
        if (inProcess) {
            // An allocator that crashes this process makes the JVM print on descriptor 1: not on our output.
            StandardOutput.keepFromJvm();
        }
        return Replay.of(allocator).touch(touch).inProcess(inProcess).sampleEvery(sampleEvery)
                .usableSizes(usable).check(check).timeout(timeout).stallTimeout(stall).leniency(input.leniency())
                .threads(threads).pace(pace);
    }

    /**
     * Parses a duration as people write one: a number with a unit of ms, s, m or h ({@code 500ms},
     * {@code 1.5s}, {@code 10m}); a bare number is seconds.
     */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final java.util.regex.Pattern FORM =
                java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

        @Override
        public Duration convert(String value) {
            java.util.regex.Matcher m = FORM.matcher(value.strip());
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 90s, 10m, 1h)");
            }
            java.math.BigDecimal n = new java.math.BigDecimal(m.group(1));
            long unitMillis = switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> 1;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 1000;
            };
            java.math.BigDecimal ms = n.multiply(java.math.BigDecimal.valueOf(unitMillis));
            if (ms.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000)) > 0) {
                throw new TypeConversionException("'" + value + "' is too long a duration");
            }
            return Duration.ofMillis(ms.setScale(0, java.math.RoundingMode.CEILING).longValueExact());
        }
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
