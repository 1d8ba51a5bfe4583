package cmt.replay;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The resident set size of this process, read from {@code /proc/self}, and a sampler that records it
 * during a replay on a daemon thread: every 10 ms at first; when 2,048 samples are held, every other one
 * is dropped and the interval doubles, so a replay of any length keeps a series of at most 2,048 points
 * spread over its whole run. RSS is the whole process's: the JVM's own (tens of MiB) is in it, so
 * {@link ResidentSet#before()} is reported beside it.
 */
final class Rss implements Runnable {
    static final int MAX_SAMPLES = 2048;
    private static final long PAGE = 4096;
    private static final long FIRST_INTERVAL_MS = 10;

    private final LongSupplier events;
    private final long start = System.nanoTime();
    private long[] millis = new long[MAX_SAMPLES];
    private long[] eventAt = new long[MAX_SAMPLES];
    private long[] bytes = new long[MAX_SAMPLES];
    private int n;
    private long interval = FIRST_INTERVAL_MS;
    private volatile boolean stop;
    private Thread thread;

    /** A sampler that labels each sample with {@code events.getAsLong()}, the replay's position. */
    Rss(LongSupplier events) {
        this.events = events;
    }

    /** Current RSS in bytes, or -1 where /proc is not available. */
    static long current() {
        try (RandomAccessFile f = new RandomAccessFile("/proc/self/statm", "r")) {
            return parseStatm(f);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Peak RSS of the process so far in bytes (VmHWM), or -1. */
    static long peak() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no peak
        }
        return -1;
    }

    private static long parseStatm(RandomAccessFile f) throws IOException {
        f.seek(0);
        byte[] b = new byte[128];
        int len = f.read(b);
        int i = 0;
        while (i < len && b[i] != ' ') {
            i++;
        }
        long pages = 0;
        for (i++; i < len && b[i] >= '0' && b[i] <= '9'; i++) {
            pages = pages * 10 + (b[i] - '0');
        }
        return pages * PAGE;
    }

    /** Starts sampling. */
    Rss start() {
        thread = new Thread(this, "cmt-replay-rss");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Stops sampling and takes one last sample. */
    void stop() {
        stop = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        try (RandomAccessFile f = new RandomAccessFile("/proc/self/statm", "r")) {
            while (!stop) {
                add(parseStatm(f));
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    break;
                }
            }
            add(parseStatm(f));
        } catch (IOException e) {
            // no /proc: no series
        }
    }

    private void add(long rss) {
        if (n == MAX_SAMPLES) {
            for (int i = 0; i < n / 2; i++) {
                millis[i] = millis[2 * i];
                eventAt[i] = eventAt[2 * i];
                bytes[i] = bytes[2 * i];
            }
            n /= 2;
            interval *= 2;
        }
        millis[n] = (System.nanoTime() - start) / 1_000_000;
        eventAt[n] = events.getAsLong();
        bytes[n] = rss;
        n++;
    }

    /** The samples taken, in time order. */
    List<ResidentSet.Sample> series() {
        List<ResidentSet.Sample> series = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            series.add(new ResidentSet.Sample(millis[i], eventAt[i], bytes[i]));
        }
        return series;
    }

    /** Largest sampled RSS, or -1 without samples. */
    long max() {
        long m = -1;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, bytes[i]);
        }
        return m;
    }
}
