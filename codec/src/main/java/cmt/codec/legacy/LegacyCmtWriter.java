package cmt.codec.legacy;

import cmt.codec.Event;
import cmt.codec.Sites;
import cmt.codec.Op;
import cmt.codec.TraceException;
import cmt.codec.TraceWriter;
import java.io.IOException;
import java.io.OutputStream;

/** Writes the {@link LegacyCmt} layout, byte for byte as the original {@code trace2cmt}. */
public final class LegacyCmtWriter implements TraceWriter {
    private final OutputStream out;
    private final String name;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private long last;
    private long callocs;
    private long aligned;
    private long threads;
    private long sites;
    private Sites table;
    private long times;

    /** A writer to {@code out}; {@code name} is used in messages. */
    public LegacyCmtWriter(OutputStream out, String name) {
        this.out = out;
        this.name = name;
    }

    @Override
    public void write(Event e) {
        if (pos > buf.length - 3 * LegacyCmt.MAX_VARINT_BYTES) {
            flushBuffer();
        }
        if (e.op == Op.CALLOC) {
            callocs++;
        } else if (e.op == Op.ALIGNED) {
            aligned++;
        }
        if (e.site != Event.NONE) {
            sites++;
        }
        if (e.thread != Event.NONE) {
            threads++;
        }
        if (e.timestamp != Event.NONE) {
            times++;
        }
        if (e.op == Op.FREE) {
            pos = LegacyCmt.putVarint(buf, pos, 0);
            pos = LegacyCmt.putVarint(buf, pos, last + 1 - e.oldTag);
            return;
        }
        if (e.size == 0) {
            throw new TraceException(name + ": event " + e.index
                    + ": a zero-size allocation has no legacy CMT record (size 0 means free)");
        }
        pos = LegacyCmt.putVarint(buf, pos, e.size);
        pos = LegacyCmt.putVarint(buf, pos, e.op == Op.REALLOC ? last + 1 - e.oldTag : 0);
        pos = LegacyCmt.putVarint(buf, pos, e.tag - last);
        last = e.tag;
    }

    /** Counts of what the layout could not hold: callocs and aligned allocations, threads and times. */
    @Override
    public void sites(Sites s) {
        this.table = s;
    }

    @Override
    public String lost() {
        StringBuilder b = new StringBuilder();
        count(b, callocs, "callocs written as malloc");
        count(b, aligned, "aligned allocations written as malloc");
        count(b, threads, "thread ids dropped");
        count(b, times, "timestamps dropped");
        count(b, sites, "site ids dropped");
        count(b, table == null ? 0 : table.size(), "call sites dropped");
        return b.isEmpty() ? "" : "legacy CMT cannot hold them: " + b;
    }

    private static void count(StringBuilder b, long n, String what) {
        if (n > 0) {
            b.append(b.isEmpty() ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%,d %s", n, what));
        }
    }

    private void flushBuffer() {
        try {
            out.write(buf, 0, pos);
            pos = 0;
        } catch (IOException e) {
            throw new TraceException(name + ": write error: " + TraceException.reason(e), e);
        }
    }

    @Override
    public void close() {
        flushBuffer();
        try {
            out.close();
        } catch (IOException e) {
            throw new TraceException(name + ": write error: " + TraceException.reason(e), e);
        }
    }
}
