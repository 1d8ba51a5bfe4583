package cmt.cli;

import cmt.codec.TraceReader;

/** Progress of a long pass, redrawn in place on stderr at most every {@link Defaults#PROGRESS_MILLIS}. */
final class StderrProgress implements TraceReader.ProgressListener {
    private final String name;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    StderrProgress(String name) {
        this.name = name;
    }

    @Override
    public void progress(long events, long bytesDone, long bytesTotal) {
        long now = System.nanoTime();
        if (now - lastDraw < Defaults.PROGRESS_MILLIS * 1_000_000L) {
            return;
        }
        lastDraw = now;
        String pct = bytesTotal > 0 ? String.format(" %3d%%", Math.min(100, bytesDone * 100 / bytesTotal)) : "";
        draw(pct, events, now);
    }

    @Override
    public void finished(long events, long bytes) {
        if (drawn) {
            draw(" done", events, System.nanoTime());
            System.err.println();
        }
    }

    private void draw(String state, long events, long now) {
        double secs = Math.max(1e-9, (now - start) / 1e9);
        System.err.printf("\r%s:%s %,d events (%.1f M events/s)  ", name, state, events, events / secs / 1e6);
        drawn = true;
    }
}
