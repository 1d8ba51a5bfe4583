package cmt.kernel;

import cmt.codec.TraceReader;
import cmt.dsl.Html;
import cmt.dsl.Numbers;
import java.util.Locale;
import java.util.UUID;

/**
 * A progress display for a long pass over a trace, drawn as one notebook output and updated in place
 * (a Jupyter display id and {@code update_display_data}), at most every {@value #MIN_MILLIS} ms.
 *
 * <pre>{@code
 * try (TraceReader r = TraceReader.open(Path.of("big.trace.zst"))) {
 *     r.onProgress(progress("big.trace.zst"));
 *     r.forEach(e -> ...);
 * }
 * }</pre>
 *
 * The output appears at the first report (the reader reports every {@link TraceReader#CHECK_EVERY}
 * events) and ends as "N events in T s" when the reader says it is finished. An interrupted pass leaves
 * the last state shown.
 */
public final class Progress implements TraceReader.ProgressListener {
    /** Least time between two redraws: fast enough to look live, rare enough to cost nothing. */
    static final long MIN_MILLIS = 250;

    private final String label;
    private final Frontend frontend;
    private final long start = System.nanoTime();
    private String id;
    private long lastDraw;
    private boolean finished;

    Progress(String label, Frontend frontend) {
        this.label = label;
        this.frontend = frontend;
    }

    @Override
    public void progress(long events, long bytesDone, long bytesTotal) {
        long now = System.nanoTime();
        if (finished || (id != null && now - lastDraw < MIN_MILLIS * 1_000_000L)) {
            return;
        }
        lastDraw = now;
        draw(render(events, bytesDone, bytesTotal, (now - start) / 1e9, false));
    }

    @Override
    public void finished(long events, long bytes) {
        if (!finished) {
            finished = true;
            draw(render(events, bytes, bytes, (System.nanoTime() - start) / 1e9, true));
        }
    }

    private void draw(Rendered r) {
        if (id == null) {
            id = UUID.randomUUID().toString();
            frontend.display(id, r);
        } else {
            frontend.update(id, r);
        }
    }

    /** True once the end of the pass has been shown. */
    public boolean finished() {
        return finished;
    }

    Rendered render(long events, long bytesDone, long bytesTotal, double seconds, boolean end) {
        double rate = events / Math.max(seconds, 1e-9) / 1e6;
        String text;
        String bar;
        if (end) {
            text = String.format(Locale.ROOT, "%s: %s events in %.1f s (%.1f M events/s)", label,
                    Numbers.format(events), seconds, rate);
            bar = "<progress max=\"1\" value=\"1\"></progress>";
        } else if (bytesTotal > 0) {
            long permille = Math.min(1000, bytesDone * 1000 / bytesTotal);
            text = String.format(Locale.ROOT, "%s: %d%% %s events (%.1f M events/s)", label, permille / 10,
                    Numbers.format(events), rate);
            bar = "<progress max=\"1000\" value=\"" + permille + "\"></progress>";
        } else {
            text = String.format(Locale.ROOT, "%s: %s events (%.1f M events/s)", label, Numbers.format(events), rate);
            bar = "<progress></progress>";
        }
        return new Rendered("<div class=\"cmt cmt-progress\">" + bar + " <span>" + Html.escape(text)
                + "</span></div>", text);
    }
}
