package cmt.codec.legacy;

import cmt.codec.Event;
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

    private void flushBuffer() {
        try {
            out.write(buf, 0, pos);
            pos = 0;
        } catch (IOException e) {
            throw new TraceException(name + ": write error: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        flushBuffer();
        try {
            out.close();
        } catch (IOException e) {
            throw new TraceException(name + ": write error: " + e.getMessage(), e);
        }
    }
}
